import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { WIT_VERSIONS, type WitVersion, witDirectory } from "@wasi-mcp/bindings";

/** A WIT directory to componentize against, and how to clean it up. */
export interface ResolvedWit {
  /** The directory to hand the componentizer. */
  path: string;
  /** The wasi:mcp versions it holds (for progress messages). */
  versions: WitVersion[];
  /** Removes what was made for this build (nothing for a directory used as it is). */
  dispose(): Promise<void>;
}

const MCP_REFERENCE = /\bwasi:mcp\/[a-z-]+@(\d+\.\d+\.\d+)/g;

/**
 * The wasi:mcp version a bundled module was written against, from its `wasi:mcp/*@x.y.z` import
 * specifiers (the newest when it imports none, e.g. a module that only uses `wasi:mcp/client`
 * through the kit). Throws when it mixes versions or names one this release does not ship.
 *
 * @example
 * ```ts
 * moduleWitVersion(["wasi:mcp/runtime@0.1.0"], "hello.js"); // "0.1.0"
 * ```
 */
export function moduleWitVersion(imports: readonly string[], label: string): WitVersion {
  const versions = new Set(
    imports.flatMap((specifier) => [...specifier.matchAll(MCP_REFERENCE)].map((match) => match[1] as string)),
  );
  if (versions.size > 1) {
    throw new Error(`${label}: imports wasi:mcp at versions ${[...versions].join(" and ")}; use one`);
  }
  const [version] = versions;
  if (version === undefined) return WIT_VERSIONS[WIT_VERSIONS.length - 1] as WitVersion;
  return shipped(version, label);
}

/**
 * Fails, saying what to change, when a module imports wasi:mcp at a version the custom world
 * (`--wit`) does not include — e.g. the kit imports `wasi:mcp/runtime@0.2.0` while the world still
 * says `include wasi:mcp/mcp-backend@0.1.0;`. Left to the componentizer, that mismatch surfaces as
 * a Wizer "Error loading module wasi:mcp/runtime@0.2.0" that names neither file nor fix.
 *
 * @example
 * ```ts
 * checkWitCoversModule(["wasi:mcp/runtime@0.2.0"], ["0.1.0"], "src/wit", "server.ts"); // throws
 * ```
 */
export function checkWitCoversModule(
  imports: readonly string[],
  witVersions: readonly WitVersion[],
  witPath: string,
  label: string,
): void {
  const imported = imports.filter((specifier) =>
    [...specifier.matchAll(MCP_REFERENCE)].some((match) => !witVersions.includes(match[1] as WitVersion)),
  );
  const [first] = imported;
  if (first === undefined) return;
  const version = [...first.matchAll(MCP_REFERENCE)][0]?.[1] ?? "";
  const has = witVersions.length > 0 ? `wasi:mcp@${witVersions.join(", @")} only` : "no wasi:mcp package";
  throw new Error(
    `${label}: imports ${first} (the guest kit imports wasi:mcp ${version}), but the world in --wit ${witPath} ` +
      `includes ${has}, so the component could not link. Change the world's \`include wasi:mcp/<world>@…;\` ` +
      `to @${version}, or write the module against the version the world names.`,
  );
}

/**
 * The WIT directory for a build. Without `witPath`: the wasi:mcp package of `version` shipped in
 * `@wasi-mcp/bindings`. With one (a custom world): that directory as it is when it already holds
 * the wasi:mcp package under `deps/`; else a scratch copy with the shipped wasi:mcp package of
 * every version its WIT references added as `deps/wasi-mcp-<version>/`, so a custom world needs
 * no copy of the contract.
 *
 * @example
 * ```ts
 * const wit = await resolveWit("src/wit", "0.2.0", "server.ts");
 * try { await componentize({ witPath: wit.path, … }); } finally { await wit.dispose(); }
 * ```
 */
export async function resolveWit(
  witPath: string | undefined,
  version: WitVersion,
  label: string,
): Promise<ResolvedWit> {
  if (witPath === undefined)
    return { path: witDirectory(version), versions: [version], dispose: async () => {} };
  const dir = resolve(witPath);
  const own = await witTexts(dir, `--wit ${witPath}`);
  const deps = await dependencyTexts(join(dir, "deps"));
  if (deps.some((text) => /^\s*package\s+wasi:mcp@/m.test(text))) {
    return { path: dir, versions: referencedVersions(own.join("\n"), label), dispose: async () => {} };
  }
  const versions = referencedVersions(own.join("\n"), label);
  const scratch = await mkdtemp(join(tmpdir(), "wasi-mcp-build-wit-"));
  try {
    await cp(dir, scratch, { recursive: true, dereference: true });
    for (const v of versions) {
      const source = witDirectory(v);
      const target = join(scratch, "deps", `wasi-mcp-${v}`);
      for (const file of (await readdir(source)).filter((f) => f.endsWith(".wit"))) {
        await cp(join(source, file), join(target, file));
      }
    }
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
  return { path: scratch, versions, dispose: () => rm(scratch, { recursive: true, force: true }) };
}

function referencedVersions(text: string, label: string): WitVersion[] {
  const versions = [...new Set([...text.matchAll(MCP_REFERENCE)].map((match) => match[1] as string))];
  return versions.map((version) => shipped(version, label));
}

function shipped(version: string, label: string): WitVersion {
  if (!(WIT_VERSIONS as readonly string[]).includes(version)) {
    throw new Error(
      `${label}: wasi:mcp@${version} is not shipped by this @wasi-mcp/bindings (it has ${WIT_VERSIONS.join(", ")})`,
    );
  }
  return version as WitVersion;
}

async function witTexts(dir: string, label: string): Promise<string[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((file) => file.endsWith(".wit"));
  } catch (error) {
    throw new Error(
      `${label}: cannot read the WIT directory (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  if (files.length === 0) throw new Error(`${label}: no .wit files in ${dir}`);
  return Promise.all(files.map((file) => readFile(join(dir, file), "utf8")));
}

async function dependencyTexts(deps: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(deps);
  } catch {
    return [];
  }
  const texts: string[] = [];
  for (const entry of entries) {
    const path = join(deps, entry);
    if (entry.endsWith(".wit")) texts.push(await readFile(path, "utf8"));
    else {
      const inner = await readdir(path).catch(() => [] as string[]);
      for (const file of inner.filter((f) => f.endsWith(".wit")))
        texts.push(await readFile(join(path, file), "utf8"));
    }
  }
  return texts;
}

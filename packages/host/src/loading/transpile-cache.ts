import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { HostError } from "@wasi-mcp/conversions";

/** Bumped whenever the transpile options, the post-processing below or the key change. */
const CACHE_FORMAT = "jco-1.35.0-async-hybrid-v3";
const ENTRY = "component.js";

/** A transpiled component in the cache. */
export interface TranspiledComponent {
  /** Directory holding the generated JS and core modules. */
  directory: string;
  /** Absolute path of the generated ES module. */
  entry: string;
  /** The content hash the cache is keyed by. */
  key: string;
  /** False when the cache already held this component. */
  transpiled: boolean;
  /** The component's imports, as jco reports them (e.g. `wasi:mcp/runtime@0.1.0`). */
  imports: string[];
}

/**
 * The default cache directory: `$WASI_MCP_CACHE_DIR`, else `$XDG_CACHE_HOME/wasi-mcp`, else
 * `~/.cache/wasi-mcp`.
 */
export function defaultCacheDirectory(): string {
  const explicit = process.env.WASI_MCP_CACHE_DIR;
  if (explicit) return explicit;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "wasi-mcp");
}

/**
 * Transpiles a component with jco into a content-addressed cache directory, or returns the cached
 * result. Entries are written to a temporary directory and renamed into place, so a crash or a
 * concurrent load never leaves a half-written entry behind. `sha256` is the hex hash of the
 * component, whose bytes `readBytes` reads only on a cache miss. jco itself is imported only on a
 * cache miss too: loading it takes ≈ 100 ms and over 10 MB that a cached load does not need.
 */
export async function transpileCached(
  readBytes: () => Promise<Uint8Array>,
  cacheDirectory: string,
  sha256: string,
): Promise<TranspiledComponent> {
  const key = createHash("sha256").update(`${CACHE_FORMAT}\0${sha256}`).digest("hex");
  const directory = join(cacheDirectory, "transpiled", key);
  const manifestPath = join(directory, "manifest.json");
  if (existsSync(manifestPath)) {
    const { imports } = JSON.parse(await readFile(manifestPath, "utf8")) as { imports: string[] };
    return { directory, entry: join(directory, ENTRY), key, transpiled: false, imports };
  }
  const bytes = await readBytes();
  let output: Awaited<ReturnType<typeof import("@bytecodealliance/jco").transpile>>;
  try {
    const { transpile } = await import("@bytecodealliance/jco");
    output = await transpile(bytes, {
      name: "component",
      instantiation: "async",
      // An import that carries a direct lowering (the WASI shim's clock, poll and random ones the
      // worker keeps: see wasi-shim.ts) is called from Wasm without jco's per-call task
      // bookkeeping; the others go through jco's JS bindings as before.
      importBindings: "hybrid",
      noTypescript: true,
      quiet: true,
    });
  } catch (error) {
    throw new HostError(
      "COMPONENT_LOAD_FAILED",
      `jco could not transpile the component: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const staging = `${directory}.partial-${process.pid}-${Date.now()}`;
  try {
    for (const [name, content] of Object.entries(output.files)) {
      const target = join(staging, name);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, name === ENTRY ? optimiseGlue(Buffer.from(content).toString("utf8")) : content);
    }
    await writeFile(join(staging, "package.json"), '{"type":"module"}\n');
    await writeFile(join(staging, "manifest.json"), JSON.stringify({ imports: output.imports }));
    await mkdir(dirname(directory), { recursive: true });
    await rename(staging, directory).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished the same entry first; theirs is identical.
      if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { directory, entry: join(directory, ENTRY), key, transpiled: true, imports: output.imports };
}

const DEBUG_CHECK = "if (!globalThis?.process?.env?.JCO_DEBUG) { return; }";

/**
 * jco's glue reads `process.env.JCO_DEBUG` on every call (a third of a small call's cost, measured);
 * read it once per module instead.
 */
function optimiseGlue(source: string): string {
  if (!source.includes(DEBUG_CHECK)) return source;
  const once = "const __wasiMcpJcoDebug = Boolean(globalThis?.process?.env?.JCO_DEBUG);\n";
  return once + source.replaceAll(DEBUG_CHECK, "if (!__wasiMcpJcoDebug) { return; }");
}

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The WIT package these bindings were generated from (the newest version). */
export const WIT_PACKAGE = "wasi:mcp@0.2.0";

/**
 * Every version of the wasi:mcp package this release ships and a host of this release serves,
 * oldest first. Each newer version only adds to the one before (wit/CHANGELOG.md), so a component
 * built against any of them loads.
 */
export const WIT_VERSIONS = ["0.1.0", "0.2.0"] as const;

/** A version of the wasi:mcp package. */
export type WitVersion = (typeof WIT_VERSIONS)[number];

/** The worlds of the wasi:mcp package. */
export const WORLDS = ["mcp-backend", "mcp-client", "mcp-proxy"] as const;

/** A world of the wasi:mcp package. */
export type WorldName = (typeof WORLDS)[number];

/**
 * Import names of the host-provided interfaces, as jco keys the import object (unversioned).
 *
 * @example
 * ```ts
 * const imports = { [IMPORT_NAMES.runtime]: myRuntime };
 * ```
 */
export const IMPORT_NAMES = {
  runtime: "wasi:mcp/runtime",
  client: "wasi:mcp/client",
  skills: "wasi:mcp/skills",
} as const;

/** Export names of guest interfaces, as they appear on a jco-instantiated component. */
export const EXPORT_NAMES = {
  handlers: "handlers",
  run: "run",
} as const;

/**
 * Absolute path of the directory holding the WIT files of one version of the wasi:mcp package
 * shipped with this package: the newest by default. Older versions live in subdirectories named
 * after their version (`wit/0.1.0/`), which WIT tools ignore when reading the newest one.
 *
 * @example
 * ```ts
 * import { witDirectory } from "@wasi-mcp/bindings";
 * await componentize({ witPath: witDirectory(), worldName: "mcp-backend", ... });
 * const legacy = witDirectory("0.1.0");
 * ```
 */
export function witDirectory(version: WitVersion = NEWEST): string {
  if (!(WIT_VERSIONS as readonly string[]).includes(version)) {
    throw new Error(
      `[@wasi-mcp/bindings] unknown wasi:mcp version ${JSON.stringify(version)}; this release ships ${WIT_VERSIONS.join(", ")}`,
    );
  }
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/index.js and src/wit.ts both sit one level below the package root.
  const newest = join(here, "..", "wit");
  const shipped = version === NEWEST ? newest : join(newest, version);
  if (!existsSync(shipped)) {
    throw new Error(`[@wasi-mcp/bindings] WIT directory missing at ${shipped}; run the package build`);
  }
  return shipped;
}

const NEWEST: WitVersion = WIT_VERSIONS[WIT_VERSIONS.length - 1] as WitVersion;

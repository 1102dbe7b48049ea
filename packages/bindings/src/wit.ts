import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The WIT package these bindings were generated from. */
export const WIT_PACKAGE = "wasi:mcp@0.1.0";

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
} as const;

/** Export names of guest interfaces, as they appear on a jco-instantiated component. */
export const EXPORT_NAMES = {
  handlers: "handlers",
  run: "run",
} as const;

/**
 * Absolute path of the directory holding the WIT files shipped with this package.
 *
 * @example
 * ```ts
 * import { witDirectory } from "@wasi-mcp/bindings";
 * await componentize({ witPath: witDirectory(), worldName: "mcp-backend", ... });
 * ```
 */
export function witDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/index.js and src/wit.ts both sit one level below the package root.
  const shipped = join(here, "..", "wit");
  if (!existsSync(shipped)) {
    throw new Error(`[@wasi-mcp/bindings] WIT directory missing at ${shipped}; run the package build`);
  }
  return shipped;
}

import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** This package's directory (`packages/conformance`), from `src/` or `dist/` alike. */
export const HARNESS_DIR = fileURLToPath(new URL("..", import.meta.url));

/** The built `mcp-compositor` CLI (turbo builds it before this package's tests). */
export const COMPOSITOR_CLI = join(packageDir("@wasi-mcp/compositor"), "dist", "cli.js");

/** The built `everything` component: the conformance suite's server fixtures. */
export const EVERYTHING_WASM = join(packageDir("@wasi-mcp-examples/everything"), "dist", "everything.wasm");

/** The conformance suite's CLI, pinned by this package's devDependency. */
export const CONFORMANCE_CLI = join(packageDir("@modelcontextprotocol/conformance"), "dist", "index.js");

/** The conformance suite's newer CLI (0.2.0-alpha.12, aliased `conformance-next`): requirement sets per revision. */
export const CONFORMANCE_NEXT_CLI = join(packageDir("conformance-next"), "dist", "index.js");

/** Scenarios allowed to fail, one per line with its reason; passed to the suite. */
export const EXPECTED_FAILURES_FILE = join(HARNESS_DIR, "expected-failures.yml");

/**
 * The component transpile cache the compositor uses by default (`$WASI_MCP_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/wasi-mcp`, else `~/.cache/wasi-mcp`). Passed explicitly to servers the
 * inspector starts, since those run with a scratch `HOME`.
 */
export function compositorCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WASI_MCP_CACHE_DIR) return env.WASI_MCP_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "wasi-mcp");
  return join(homedir(), ".cache", "wasi-mcp");
}

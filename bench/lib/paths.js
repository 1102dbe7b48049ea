// Where the benchmarked components live (built by turbo before the benchmarks run).
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const components = fileURLToPath(new URL("../../examples/components/", import.meta.url));

/** The example components used as the hosted side. */
export const COMPONENTS = {
  /** A ComponentizeJS guest (≈ 12 MB, StarlingMonkey inside): the realistic case. */
  hello: join(components, "hello", "dist", "hello.wasm"),
  /** A hand-written WAT guest (≈ 14 KB, no JS engine): the host path alone. */
  wat: join(components, "tiny-wat", "dist", "tiny-wat.wasm"),
  /** The host's fault fixture: `loop` never returns, `slow` busy-waits. */
  fixture: join(components, "host-fixture", "dist", "host-fixture.wasm"),
};

/** Fails early, with the command that fixes it, when a component has not been built. */
export function requireBuilt() {
  const missing = Object.values(COMPONENTS).filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(
      `[@wasi-mcp/bench] not built: ${missing.join(", ")}; run \`npm run bench\` (it builds first) or \`npm run build\``,
    );
  }
}

/** A fresh, empty directory for a transpile cache. */
export const freshCacheDirectory = () => mkdtempSync(join(tmpdir(), "wasi-mcp-bench-cache-"));

/** The benchmark file that child processes run as servers. */
export const SERVE_SCRIPT = fileURLToPath(new URL("./serve.js", import.meta.url));

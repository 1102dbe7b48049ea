/**
 * @module @wasi-mcp/build
 *
 * Builds wasi:mcp WebAssembly components from JavaScript modules (ComponentizeJS) and checks the
 * result. The `wasi-mcp-build` CLI wraps {@link buildComponent}.
 *
 * @example
 * ```ts
 * import { buildComponent } from "@wasi-mcp/build";
 * const { output, bytes } = await buildComponent({ source: "src/server.js", output: "dist/server.wasm" });
 * ```
 */
export { type BuildComponentOptions, type BuildComponentResult, buildComponent } from "./build-component.js";
export { checkComponent, REQUIRED_EXPORTS } from "./component-check.js";

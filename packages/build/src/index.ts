/**
 * @module @wasi-mcp/build
 *
 * Builds wasi:mcp WebAssembly components from TypeScript or JavaScript modules (esbuild bundle,
 * then ComponentizeJS) and checks the result. The `wasi-mcp-build` CLI wraps {@link buildComponent}.
 *
 * @example
 * ```ts
 * import { buildComponent } from "@wasi-mcp/build";
 * const { output, bytes } = await buildComponent({ source: "src/server.js", output: "dist/server.wasm" });
 * ```
 */
export { type BuildComponentOptions, type BuildComponentResult, buildComponent } from "./build-component.js";
export { type BundledModule, bundleModule } from "./bundle.js";
export { checkComponent, REQUIRED_EXPORTS } from "./component-check.js";
export { checkModuleContract, MODULE_CONTRACT } from "./module-contract.js";

/**
 * @module @wasi-mcp/host
 *
 * Runs WebAssembly components that implement `wasi:mcp` as MCP servers: loads a component,
 * transpiles it with jco into a content-addressed cache, instantiates it in a deny-by-default
 * WASI sandbox, runs its entry point, and serves it through the router on a transport.
 *
 * @example
 * ```ts
 * import { loadComponent, serveStdio } from "@wasi-mcp/host";
 * const component = await loadComponent("examples/components/hello/dist/hello.wasm");
 * await serveStdio(component);
 * ```
 */
export {
  type ComponentLogRecord,
  type LoadComponentOptions,
  type LoadedComponent,
  type LoadTimings,
  loadComponent,
} from "./load-component.js";
export { type RunningServer, type ServeStdioOptions, serveStdio } from "./serve.js";
export { defaultCacheDirectory } from "./transpile-cache.js";

/**
 * @module @wasi-mcp/host-browser
 *
 * Runs `wasi:mcp` WebAssembly components in a browser page: transpiles them with jco in the page,
 * runs each instance in a Web Worker under a deny-by-default policy (deadline → worker terminated
 * and replaced; memory cap; in-memory directories only when granted; `wasi:http` to allowed origins
 * only), and serves them with the unchanged router over an in-page `MessagePort` transport that the
 * MCP SDK's browser `Client` speaks.
 *
 * @example
 * ```ts
 * import { Client } from "@modelcontextprotocol/sdk/client/index.js";
 * import { loadBrowserComponent, MessagePortTransport, serveInPage } from "@wasi-mcp/host-browser";
 * const hello = await loadBrowserComponent("/components/hello.wasm");
 * const { port } = await serveInPage(hello);
 * const client = new Client({ name: "page", version: "1.0.0" });
 * await client.connect(new MessagePortTransport(port));
 * console.log(await client.callTool({ name: "echo", arguments: { text: "hi" } }));
 * ```
 */
export {
  type BrowserComponent,
  type BrowserComponentSource,
  type BrowserLoadOptions,
  type BrowserLoadTimings,
  loadBrowserComponent,
} from "./load-browser-component.js";
export { MessagePortTransport, type PortLike } from "./message-port-transport.js";
export type { BrowserPolicy, MemoryDirectory } from "./policy.js";
export { type InPageServer, serveInPage } from "./serve-in-page.js";
export { CACHE_FORMAT, type TranspiledComponent, transpileInPage } from "./transpile.js";

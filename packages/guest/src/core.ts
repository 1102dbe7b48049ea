/**
 * @module @wasi-mcp/guest/core
 *
 * The authoring kit without the `wasi:mcp/runtime` binding: {@link createServer} takes the runtime
 * module as a parameter. Use it to test a server definition on Node with a fake runtime, or to
 * bind another runtime implementation.
 *
 * @example
 * ```ts
 * import { createServer, tool } from "@wasi-mcp/guest/core";
 * const { run, handlers } = createServer({ name: "t", version: "0", tools: [tool({ name: "x", handler: () => "y" })] }, fakeRuntime);
 * ```
 */
export * from "./public-api.js";
export { createServer } from "./server.js";

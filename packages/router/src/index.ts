/**
 * @module @wasi-mcp/router
 *
 * Routes MCP JSON-RPC methods onto a small {@link McpBackend} interface, on top of the MCP SDK's
 * low-level `Server` (which owns initialize, version negotiation, ping and cancellation). Knows
 * nothing about Wasm: {@link createPlainBackend} serves plain JavaScript functions.
 *
 * @example
 * ```ts
 * import { createMcpServer, createPlainBackend } from "@wasi-mcp/router";
 * const server = createMcpServer(createPlainBackend({ name: "demo", version: "1.0.0", tools: [] }));
 * ```
 */
export type {
  BackendEvent,
  BackendIdentity,
  BackendRequest,
  ClientBoundRequest,
  CompletionReference,
  McpBackend,
} from "./backend.js";
export { type CreateMcpServerOptions, createMcpServer } from "./create-server.js";
export { type InternalErrorReporter, RESOURCE_NOT_FOUND } from "./errors.js";
export {
  createPlainBackend,
  type PlainBackendDefinition,
  type PlainPrompt,
  type PlainResource,
  type PlainResourceTemplate,
  type PlainTool,
} from "./plain-backend.js";

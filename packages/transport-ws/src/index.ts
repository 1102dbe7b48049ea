/**
 * @module @wasi-mcp/transport-ws
 *
 * MCP over WebSocket on `ws`: subprotocol `mcp`, one JSON-RPC message per text frame. A server
 * that gives each connection its own SDK `Server` (Host/Origin checks, credential hook, ping/pong
 * keep-alive, frame size limit, bounded send buffer, meaningful close codes), the SDK `Transport`
 * over any open socket, and a client transport for the SDK `Client`. A thin adapter by rule: it
 * moves messages between frames and the SDK and adds no MCP features.
 *
 * @example
 * ```ts
 * import { createWebSocketServer } from "@wasi-mcp/transport-ws";
 * const server = await createWebSocketServer({ port: 3001, createServer: () => makeSdkServer() });
 * ```
 */
export { CLOSE_CODES, ERROR_PREFIX } from "./errors.js";
export { type DecodedFrame, decodeFrame, SUBPROTOCOL } from "./framing.js";
export {
  WebSocketClientTransport,
  type WebSocketClientTransportOptions,
} from "./websocket-client-transport.js";
export {
  type ConnectionContext,
  createWebSocketServer,
  DEFAULT_MAX_LISTEN_STREAMS,
  type McpWebSocketServer,
  type WebSocketServerOptions,
} from "./websocket-server.js";
export {
  DEFAULT_MAX_BUFFERED_BYTES,
  WebSocketTransport,
  type WebSocketTransportOptions,
} from "./websocket-transport.js";

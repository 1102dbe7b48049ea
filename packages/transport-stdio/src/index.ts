/**
 * @module @wasi-mcp/transport-stdio
 *
 * Newline-delimited JSON-RPC over stdio, implementing the MCP SDK `Transport` contract: a
 * {@link StdioServerTransport} for servers, plus the pure framing functions it is built on. It is
 * a thin adapter by rule: it moves messages and adds no MCP features.
 *
 * @example
 * ```ts
 * import { Server } from "@modelcontextprotocol/sdk/server/index.js";
 * import { ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
 * import { StdioServerTransport } from "@wasi-mcp/transport-stdio";
 *
 * const server = new Server({ name: "demo", version: "1.0.0" }, { capabilities: { tools: {} } });
 * server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [] }));
 * await server.connect(new StdioServerTransport({ maxMessageBytes: 1024 * 1024 }));
 * ```
 */
export {
  InvalidMessageError,
  MessageTooLargeError,
  WriteQueueOverflowError,
  WriteQueueStalledError,
} from "./errors.js";
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  type DecodedLine,
  errorResponse,
  LineDecoder,
  type LineDecoderOptions,
  type ProtocolErrorResponse,
  parseMessage,
  serializeMessage,
} from "./framing.js";
export {
  DEFAULT_MAX_QUEUED_BYTES,
  DEFAULT_MAX_STALLED_MS,
  StdioServerTransport,
  type StdioServerTransportOptions,
} from "./stdio-server-transport.js";

import {
  ErrorCode,
  type JSONRPCMessage,
  JSONRPCMessageSchema,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";

/** The WebSocket subprotocol of MCP, offered by the client and echoed by the server. */
export const SUBPROTOCOL = "mcp";

/** The peer-facing message of the `-32600` answer to a JSON array (a batch). */
export const BATCH_REFUSAL =
  "Invalid Request: JSON-RPC batches are not supported; send one message per frame";

/** What one text frame decoded to: a message, or the JSON-RPC error to answer (if any). */
export type DecodedFrame =
  | { ok: true; message: JSONRPCMessage }
  | { ok: false; reason: string; reply: JSONRPCMessage | undefined };

/**
 * Decodes the text of one frame into a JSON-RPC message validated by the SDK's schema. Invalid
 * JSON is answered with -32700 (`id: null`); a JSON array (a batch) with -32600 (`id: null`); a
 * JSON value that is not a JSON-RPC message with -32600, carrying the request's `id` when one can
 * be recovered.
 *
 * @example
 * ```ts
 * decodeFrame('{"jsonrpc":"2.0","id":1,"method":"ping"}'); // { ok: true, message: {...} }
 * decodeFrame("nope").ok; // false
 * ```
 */
export function decodeFrame(text: string): DecodedFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {
      ok: false,
      reason: "invalid JSON",
      reply: errorReply(null, ErrorCode.ParseError, "Parse error"),
    };
  }
  if (Array.isArray(raw)) {
    // MCP has no batches (since 2025-06-18, and none in 2026-07-28): one clean refusal, `id: null`
    // (an array has no id), as over Streamable HTTP.
    return {
      ok: false,
      reason: "a JSON-RPC batch",
      reply: errorReply(null, ErrorCode.InvalidRequest, BATCH_REFUSAL),
    };
  }
  const parsed = JSONRPCMessageSchema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const id = recoverId(raw);
  return {
    ok: false,
    reason: "not a JSON-RPC 2.0 message",
    reply: id === undefined ? undefined : errorReply(id, ErrorCode.InvalidRequest, "Invalid Request"),
  };
}

function recoverId(raw: unknown): RequestId | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw) || !("method" in raw)) return undefined;
  const id = (raw as { id?: unknown }).id;
  return typeof id === "string" || (typeof id === "number" && Number.isInteger(id)) ? id : undefined;
}

function errorReply(id: RequestId | null, code: number, message: string): JSONRPCMessage {
  return { jsonrpc: "2.0", id, error: { code, message } } as unknown as JSONRPCMessage;
}

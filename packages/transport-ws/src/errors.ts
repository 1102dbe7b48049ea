/** Prefix carried by every error message this package produces on the host side. */
export const ERROR_PREFIX = "[@wasi-mcp/transport-ws]";

/**
 * The WebSocket close codes this package uses (RFC 6455 §7.4.1), in one table so every peer sees
 * the same code for the same reason.
 */
export const CLOSE_CODES = {
  /** `close()` on either side. */
  normal: 1000,
  /** The server is shutting down. */
  goingAway: 1001,
  /** A binary frame: MCP over WebSocket is one JSON-RPC message per text frame. */
  unsupportedData: 1003,
  /** A text frame that is not valid UTF-8 (sent by `ws` itself). */
  invalidPayload: 1007,
  /** The peer does not read: more than `maxBufferedBytes` wait to be sent to it. */
  policyViolation: 1008,
  /** A frame larger than `maxPayload` (sent by `ws` itself). */
  messageTooBig: 1009,
  /** The server could not set up the session (its server factory failed). */
  internalError: 1011,
  /**
   * The token the connection was authorized with has expired (its `exp`): reconnect with a fresh
   * one. A private-use code (RFC 6455 §7.4.2) mirroring HTTP 401.
   */
  tokenExpired: 4401,
} as const;

/** Turns any thrown value into an `Error` whose message starts with the package prefix. */
export function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(`${ERROR_PREFIX} ${String(value)}`);
}

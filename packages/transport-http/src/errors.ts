import type { ServerResponse } from "node:http";

/** Prefix carried by every error message this package produces on the host side. */
export const ERROR_PREFIX = "[@wasi-mcp/transport-http]";

/**
 * JSON-RPC error codes this package answers at the HTTP layer, before a message reaches the SDK
 * `Server`. One table, so every rejection carries the same code for the same reason.
 */
export const HTTP_ERROR_CODES = {
  /** Body is not JSON. */
  parseError: -32700,
  /** Body is JSON but not a JSON-RPC message (or a batch that cannot be accepted). */
  invalidRequest: -32600,
  /** Transport-level refusal: wrong method, headers, host, origin, auth, size, protocol version. */
  transport: -32000,
  /** `Mcp-Session-Id` names no live session. */
  sessionNotFound: -32001,
} as const;

/**
 * Writes a JSON-RPC error body (`id: null`) with an HTTP status. Nothing of the host (paths,
 * stacks) goes into `message`: callers pass fixed, peer-facing text.
 *
 * @example
 * ```ts
 * writeJsonError(res, 404, HTTP_ERROR_CODES.sessionNotFound, "Session not found");
 * ```
 */
export function writeJsonError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
  id: string | number | null = null,
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ jsonrpc: "2.0", id, error: { code, message } });
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** Turns any thrown value into an `Error` whose message starts with the package prefix. */
export function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(`${ERROR_PREFIX} ${String(value)}`);
}

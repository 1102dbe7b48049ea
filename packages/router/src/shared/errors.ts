import { ErrorCode, type JSONRPCMessage, McpError } from "@modelcontextprotocol/sdk/types.js";
import { PRINTABLE_MAX_CHARS, printable } from "./printable.js";
import { isReplayRequested } from "./replay-requested.js";

/** JSON-RPC code of the MCP spec's "resource not found" error. */
export const RESOURCE_NOT_FOUND = -32002;

/** Called with an error a backend threw that is not an `McpError`, before it is hidden. */
export type InternalErrorReporter = (error: unknown, context: string) => void;

/**
 * Runs a backend call, letting `McpError`s through and turning anything else into an internal
 * error whose message names the operation only: stacks and host paths never reach the client.
 * A `ReplayRequested` rejection (the request's signal aborted for a replay, MRTR, ADR 0005 §3) is
 * control flow and passes through unreported.
 */
export async function guardBackendCall<T>(
  context: string,
  report: InternalErrorReporter,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof McpError || isReplayRequested(error)) throw error;
    report(error, context);
    throw new McpError(ErrorCode.InternalError, `Internal error: ${context} failed`);
  }
}

/** The error for a tool, prompt or argument the client got wrong. */
export function invalidParams(message: string, data?: unknown): McpError {
  return new McpError(ErrorCode.InvalidParams, message, data);
}

/** A client-supplied name or URI as shown in an error message: escaped and cut (see `printable`). */
export function quoted(value: string, max = PRINTABLE_MAX_CHARS): string {
  return printable(value, max);
}

/**
 * The message as it goes on the wire: an error response whose message starts with the
 * `MCP error <code>: ` prefix the SDK's `McpError` writes into `Error#message` (for logs and stack
 * traces) carries the message alone, since clients show `error.message` to people and models and
 * an SDK client adds the prefix again on receipt. Every other message is returned as it is.
 *
 * @example
 * ```ts
 * withoutSdkErrorPrefix({ jsonrpc: "2.0", id: 1, error: { code: -32602, message: "MCP error -32602: No note x" } });
 * // → { jsonrpc: "2.0", id: 1, error: { code: -32602, message: "No note x" } }
 * ```
 */
export function withoutSdkErrorPrefix(message: JSONRPCMessage): JSONRPCMessage {
  if (!("error" in message)) return message;
  const prefix = `MCP error ${message.error.code}: `;
  if (typeof message.error.message !== "string" || !message.error.message.startsWith(prefix)) return message;
  return { ...message, error: { ...message.error, message: message.error.message.slice(prefix.length) } };
}

import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";

/** JSON-RPC code of the MCP spec's "resource not found" error. */
export const RESOURCE_NOT_FOUND = -32002;

/** Called with an error a backend threw that is not an `McpError`, before it is hidden. */
export type InternalErrorReporter = (error: unknown, context: string) => void;

/**
 * Runs a backend call, letting `McpError`s through and turning anything else into an internal
 * error whose message names the operation only: stacks and host paths never reach the client.
 */
export async function guardBackendCall<T>(
  context: string,
  report: InternalErrorReporter,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof McpError) throw error;
    report(error, context);
    throw new McpError(ErrorCode.InternalError, `Internal error: ${context} failed`);
  }
}

/** The error for a tool, prompt or argument the client got wrong. */
export function invalidParams(message: string, data?: unknown): McpError {
  return new McpError(ErrorCode.InvalidParams, message, data);
}

/** A client-supplied name or URI as shown in an error message: cut to a readable length. */
export function quoted(value: string, max = 200): string {
  return value.length <= max ? value : `${value.slice(0, max)}…`;
}

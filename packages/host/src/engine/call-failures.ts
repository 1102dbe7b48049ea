import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { Capabilities } from "@wasi-mcp/bindings";
import { guestErrorToMcp } from "@wasi-mcp/conversions";
import type { BackendRequest } from "@wasi-mcp/router";
import type { CallFailure } from "./worker-protocol.js";

/** The JSON-RPC error a failed call of `component` is answered with. */
export function callFailureError(component: string, failure: CallFailure): McpError {
  switch (failure.kind) {
    case "guest":
      return guestErrorToMcp(failure.error);
    case "invalid-data":
      return new McpError(
        ErrorCode.InternalError,
        `Component ${component} returned invalid data: ${failure.message}`,
      );
    case "trap":
      return trapError(component, failure.message);
  }
}

/** The error of a call made while its instance is being replaced. */
export function restartingError(component: string): McpError {
  return new McpError(ErrorCode.InternalError, `Component ${component} is restarting`);
}

/** The error of a call past its deadline, whose instance was killed (and is replaced). */
export function deadlineError(component: string, deadlineMs: number): McpError {
  return new McpError(
    ErrorCode.RequestTimeout,
    `Component ${component} did not answer within ${deadlineMs} ms; its instance was restarted`,
  );
}

/** The error of a call its client cancelled. */
export function cancelledError(): McpError {
  return new McpError(ErrorCode.RequestTimeout, "Request cancelled by the client");
}

/** The error of a call whose instance trapped (and is replaced). */
export function trapError(component: string, detail: string): McpError {
  return new McpError(
    ErrorCode.InternalError,
    `Component ${component} trapped: ${detail}; its instance was restarted`,
  );
}

/**
 * The WIT error a guest gets when the host refuses one of its client requests: a `-32601`
 * (the client lacks the capability) is `unsupported-operation`, a timeout `timeout`, anything
 * else `internal-error`; the message without the SDK's `MCP error <code>: ` prefix.
 */
export function clientRefusal(error: unknown): {
  code: "unsupported-operation" | "timeout" | "internal-error";
  message: string;
} {
  // An MCP error by its numeric code: also one made by another copy of the SDK.
  if (!(error instanceof Error) || typeof (error as { code?: unknown }).code !== "number") {
    return { code: "internal-error", message: error instanceof Error ? error.message : String(error) };
  }
  const code = (error as Error & { code: number }).code;
  const prefix = `MCP error ${code}: `;
  const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  if (code === ErrorCode.MethodNotFound) return { code: "unsupported-operation", message };
  return { code: code === ErrorCode.RequestTimeout ? "timeout" : "internal-error", message };
}

/** What the client of `request` offers, as `get-client-capabilities` reports it. */
export function toWitClientCapabilities(request: BackendRequest): Capabilities.ClientCapabilities {
  const caps = request.clientCapabilities ?? {};
  return {
    sampling: caps.sampling !== undefined,
    elicitation: caps.elicitation !== undefined,
    roots: caps.roots !== undefined,
  };
}

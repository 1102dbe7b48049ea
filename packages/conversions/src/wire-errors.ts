import { McpError } from "@modelcontextprotocol/sdk/types.js";
import type { Types } from "@wasi-mcp/bindings";

/** JSON-RPC code of the MCP spec's "resource not found" error. */
export const RESOURCE_NOT_FOUND = -32002;

/**
 * The JSON-RPC error codes used here, as the SDK's `ErrorCode` defines them. Written out rather
 * than read from the SDK so that only {@link guestErrorToMcp} needs the SDK at run time: a worker
 * thread that bundles the other conversions does not load the SDK's types (≈ 13 MB and 200 ms).
 */
const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  RequestTimeout: -32001,
} as const;

/**
 * The one table from WIT error codes to JSON-RPC error codes. Codes without a JSON-RPC
 * counterpart map to the closest standard code; the WIT code travels in `data.code`.
 */
export const WIT_ERROR_TO_JSONRPC: Readonly<Record<Types.ErrorCode, number>> = {
  "parse-error": ErrorCode.ParseError,
  "invalid-request": ErrorCode.InvalidRequest,
  "method-not-found": ErrorCode.MethodNotFound,
  "invalid-params": ErrorCode.InvalidParams,
  "internal-error": ErrorCode.InternalError,
  "resource-not-found": RESOURCE_NOT_FOUND,
  // The operation exists in MCP but this server does not do it.
  "unsupported-operation": ErrorCode.MethodNotFound,
  unauthorized: ErrorCode.InvalidRequest,
  timeout: ErrorCode.RequestTimeout,
  cancelled: ErrorCode.RequestTimeout,
};

/** Reads a guest `error` record from whatever jco threw for an `err` result, if it is one. */
export function guestErrorFrom(thrown: unknown): Types.Error | undefined {
  const payload = (thrown as { payload?: unknown } | null)?.payload;
  if (typeof payload !== "object" || payload === null) return undefined;
  const { code, message } = payload as Partial<Types.Error>;
  if (typeof code !== "string" || !(code in WIT_ERROR_TO_JSONRPC) || typeof message !== "string")
    return undefined;
  return payload as Types.Error;
}

/**
 * Converts a guest error to the JSON-RPC error the client sees. Guest `data` that is not valid
 * JSON is passed as a string rather than dropped.
 *
 * @example
 * ```ts
 * guestErrorToMcp({ code: "resource-not-found", message: "no such note" }); // McpError(-32002)
 * ```
 */
export function guestErrorToMcp(error: Types.Error): McpError {
  const data: Record<string, unknown> = { code: error.code };
  if (error.data !== undefined) data.detail = parseLenient(error.data);
  return new McpError(WIT_ERROR_TO_JSONRPC[error.code], error.message, data);
}

function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const JSONRPC_TO_WIT_ERROR: ReadonlyMap<number, Types.ErrorCode> = new Map([
  [ErrorCode.ParseError, "parse-error"],
  [ErrorCode.InvalidRequest, "invalid-request"],
  [ErrorCode.MethodNotFound, "method-not-found"],
  [ErrorCode.InvalidParams, "invalid-params"],
  [ErrorCode.InternalError, "internal-error"],
  [RESOURCE_NOT_FOUND, "resource-not-found"],
  [ErrorCode.RequestTimeout, "timeout"],
]);

/**
 * Converts an error a guest should see — a JSON-RPC error from an upstream server or from the
 * client (sampling, elicitation), or any other failure — to the WIT `error` record. A `data.code`
 * naming a WIT error code wins (it is how {@link guestErrorToMcp} and the router's
 * unsupported-capability error travel); otherwise the JSON-RPC code is mapped, and anything else
 * is `internal-error`. The SDK's `MCP error <code>: ` message prefix is removed.
 *
 * @example
 * ```ts
 * mcpErrorToGuest(new McpError(-32002, "no such note")); // { code: "resource-not-found", message: "no such note" }
 * ```
 */
export function mcpErrorToGuest(error: unknown): Types.Error {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
    data?: unknown;
  };
  const rawMessage = typeof e.message === "string" ? e.message : String(error);
  const message = typeof e.code === "number" ? rawMessage.replace(`MCP error ${e.code}: `, "") : rawMessage;
  const data = e.data as { code?: unknown; detail?: unknown } | undefined;
  const named =
    typeof data?.code === "string" && data.code in WIT_ERROR_TO_JSONRPC
      ? (data.code as Types.ErrorCode)
      : undefined;
  const code =
    named ?? (typeof e.code === "number" ? JSONRPC_TO_WIT_ERROR.get(e.code) : undefined) ?? "internal-error";
  const detail = named ? data?.detail : e.data;
  return detail === undefined ? { code, message } : { code, message, data: JSON.stringify(detail) };
}

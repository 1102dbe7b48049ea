import type { WitError, WitErrorCode } from "./wit.js";

const ERROR_CODES: ReadonlySet<string> = new Set<WitErrorCode>([
  "parse-error",
  "invalid-request",
  "method-not-found",
  "invalid-params",
  "internal-error",
  "resource-not-found",
  "unsupported-operation",
  "unauthorized",
  "timeout",
  "cancelled",
]);

/**
 * An error that crosses the wire as a JSON-RPC error with the code of the WIT `error-code` table
 * (`invalid-params` → -32602, `resource-not-found` → -32002, …). Throw it from any handler. Inside a
 * tool handler, any *other* thrown error becomes a tool result with `isError: true` instead, so the
 * model sees it.
 *
 * @example
 * ```ts
 * throw new McpError("resource-not-found", `no note ${id}`);
 * ```
 */
export class McpError extends Error {
  /** The WIT error code. */
  readonly code: WitErrorCode;
  /** Extra detail, sent as the JSON-RPC error `data`. */
  readonly data: unknown;

  constructor(code: WitErrorCode, message: string, data?: unknown) {
    super(message);
    this.name = "McpError";
    this.code = code;
    this.data = data;
  }

  /** The WIT `error` record a component export throws for `err`. */
  toWit(): WitError {
    return {
      code: this.code,
      message: this.message,
      ...(this.data === undefined ? {} : { data: JSON.stringify(this.data) }),
    };
  }
}

/**
 * The WIT error carried by `error`, if it is one: an {@link McpError}, a WIT `error` record, or an
 * import's `err` as the component bindings raise it (the record in `payload`).
 */
export function witErrorFrom(error: unknown): WitError | undefined {
  if (error instanceof McpError) return error.toWit();
  if (isWitError(error)) return { code: error.code, message: error.message, data: error.data };
  if (typeof error === "object" && error !== null && "payload" in error && isWitError(error.payload)) {
    const { code, message, data } = error.payload;
    return { code, message, data };
  }
  return undefined;
}

/** The message of any thrown value, for tool error results and logs. */
export function messageOf(error: unknown): string {
  const wit = witErrorFrom(error);
  if (wit) return wit.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Converts anything thrown into the WIT error record an export throws. */
export function toWitError(error: unknown, fallback: WitErrorCode = "internal-error"): WitError {
  return witErrorFrom(error) ?? { code: fallback, message: messageOf(error) };
}

function isWitError(value: unknown): value is WitError {
  if (typeof value !== "object" || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === "string" && ERROR_CODES.has(code) && typeof message === "string";
}

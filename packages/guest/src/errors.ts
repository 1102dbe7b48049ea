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

/** The `data` of the host's replay outcome (wit/runtime.wit, interface notes): exactly this JSON. */
const REPLAY_DATA = '{"replay":true}';

/**
 * Thrown by a question (`ctx.sample`, `ctx.elicit`, `ctx.roots`, `ctx.ask`) when the request is an
 * MCP 2026-07-28 one and the question went to the client in an `input_required` result: the client
 * answers with a new request that runs the handler again from the start, where the same question
 * returns the answer. Let it propagate: the kit ends the call with it, and the host discards
 * whatever the call still does. It is not an {@link McpError}, so `catch (e) { if (e instanceof
 * McpError) … }` lets it through; a handler that catches everything should rethrow it.
 */
export class ReplayPending extends Error {
  constructor() {
    super("input required: this call runs again with the client's answer");
    this.name = "ReplayPending";
  }

  /** The WIT error the export ends with: the host's replay outcome, handed back. */
  toWit(): WitError {
    return { code: "cancelled", message: this.message, data: REPLAY_DATA };
  }
}

/** Whether a WIT error is the host's replay outcome (`cancelled` with `{"replay":true}`). */
export function isReplayOutcome(error: WitError): boolean {
  if (error.code !== "cancelled" || error.data === undefined) return false;
  try {
    return (JSON.parse(error.data) as { replay?: unknown } | null)?.replay === true;
  } catch {
    return false;
  }
}

/**
 * The WIT error carried by `error`, if it is one: an {@link McpError}, a {@link ReplayPending}, a
 * WIT `error` record, or an import's `err` as the component bindings raise it (the record in
 * `payload`).
 */
export function witErrorFrom(error: unknown): WitError | undefined {
  if (error instanceof McpError || error instanceof ReplayPending) return error.toWit();
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

import type { Types } from "@wasi-mcp/bindings";

/**
 * What a runtime import throws to hand the guest an `err` result: jco lowers an exception's own
 * `payload` property as the error value (any other exception traps the guest).
 */
export class GuestError extends Error {
  /** The WIT `error` record the guest receives. */
  readonly payload: Types.Error;

  constructor(code: Types.ErrorCode, message: string) {
    super(message);
    this.name = "GuestError";
    this.payload = { code, message };
  }
}

import type { Types } from "@wasi-mcp/bindings";
import { HostError } from "@wasi-mcp/conversions";

/**
 * What a runtime import throws to hand the guest an `err` result: jco lowers an exception's own
 * `payload` property as the error value (any other exception traps the guest).
 */
export class GuestError extends Error {
  /** The WIT `error` record the guest receives. */
  readonly payload: Types.Error;

  constructor(code: Types.ErrorCode, message: string, data?: string) {
    super(message);
    this.name = "GuestError";
    this.payload = data === undefined ? { code, message } : { code, message, data };
  }
}

/** Runs a conversion of guest data, handing a conversion failure back to the guest as `invalid-params`. */
export function guestJson<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof HostError) throw new GuestError("invalid-params", error.message);
    throw error;
  }
}

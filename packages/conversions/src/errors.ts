/** String codes of host-side errors. They never cross the wire as-is. */
export type HostErrorCode =
  | "WIT_CONVERSION"
  | "COMPONENT_LOAD_FAILED"
  | "COMPONENT_TRAPPED"
  | "COMPONENT_CONTRACT"
  | "DEADLINE_EXCEEDED";

/**
 * An error raised by the host, not by the protocol peer: invalid guest data, a component that
 * fails to load or traps. `field` names the offending value, e.g. `tools[1].inputSchema`.
 *
 * @example
 * ```ts
 * throw new HostError("WIT_CONVERSION", "invalid JSON", { field: "tools[0].inputSchema" });
 * ```
 */
export class HostError extends Error {
  /** The machine-readable category. */
  readonly code: HostErrorCode;
  /** The path of the offending value, when there is one. */
  readonly field: string | undefined;

  constructor(code: HostErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(options.field ? `${options.field}: ${message}` : message, { cause: options.cause });
    this.name = "HostError";
    this.code = code;
    this.field = options.field;
  }
}

/** Throws a `WIT_CONVERSION` host error for `field`. */
export function conversionError(field: string, message: string, cause?: unknown): never {
  throw new HostError("WIT_CONVERSION", message, { field, cause });
}

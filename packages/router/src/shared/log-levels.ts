import type { LoggingLevel } from "@modelcontextprotocol/sdk/types.js";

export const SEVERITY: Readonly<Record<LoggingLevel, number>> = {
  debug: 0,
  info: 1,
  notice: 2,
  warning: 3,
  error: 4,
  critical: 5,
  alert: 6,
  emergency: 7,
};

/**
 * Whether a log record of `level` passes the threshold `minimum` (RFC 5424 severities: a record
 * passes when it is at least as severe). No threshold lets everything through.
 *
 * @example
 * ```ts
 * passesLogLevel("debug", "info"); // false
 * passesLogLevel("error", "info"); // true
 * ```
 */
export function passesLogLevel(level: LoggingLevel, minimum: LoggingLevel | undefined): boolean {
  return minimum === undefined || SEVERITY[level] >= SEVERITY[minimum];
}

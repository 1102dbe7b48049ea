import type { LoggingLevel, ServerNotification } from "@modelcontextprotocol/sdk/types.js";
import { LOG_LEVEL_META_KEY } from "@modelcontextprotocol/server";
import { passesLogLevel, SEVERITY } from "../shared/log-levels.js";

/**
 * The 2026-07-28 logging rule for the notifications of one request: `notifications/message` is
 * sent only when the request's envelope asked for logs with `_meta["io.modelcontextprotocol/logLevel"]`,
 * and only at that level or above (there is no `logging/setLevel` on that revision). Every other
 * notification passes.
 *
 * @example
 * ```ts
 * const log = { method: "notifications/message", params: { level: "info", data: "hi" } } as const;
 * requestAllowsNotification(log, undefined); // false: the request did not ask for logs
 * requestAllowsNotification(log, { "io.modelcontextprotocol/logLevel": "debug" }); // true
 * ```
 */
export function requestAllowsNotification(
  notification: ServerNotification,
  envelope: Record<string, unknown> | undefined,
): boolean {
  if (notification.method !== "notifications/message") return true;
  const asked = envelope?.[LOG_LEVEL_META_KEY];
  if (typeof asked !== "string" || !(asked in SEVERITY)) return false;
  return passesLogLevel(notification.params.level, asked as LoggingLevel);
}

import type {
  LoggingMessageNotification,
  ProgressNotification,
  ServerNotification,
} from "@modelcontextprotocol/sdk/types.js";
import type { Content, Runtime, Types } from "@wasi-mcp/bindings";
import { nonEmpty, num, obj, oneOf, optNum, optStr, str } from "./checks.js";
import { compact } from "./compact.js";
import { progressTokenFromWit, progressTokenToWit } from "./context.js";
import { conversionError } from "./errors.js";
import { parseJsonText, parseOptionalJsonObject } from "./json.js";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const LEVELS: readonly Content.LogLevel[] = [
  "debug",
  "info",
  "notice",
  "warning",
  "error",
  "critical",
  "alert",
  "emergency",
];
const NOTIFICATION_TAGS: readonly Runtime.Notification["tag"][] = [
  "tools-list-changed",
  "resources-list-changed",
  "prompts-list-changed",
  "resource-updated",
  "custom",
];

/**
 * Converts a guest's `send-notification` argument to the MCP notification it stands for.
 *
 * @example
 * ```ts
 * notificationToMcp({ tag: "resource-updated", val: "notes://1" });
 * // { method: "notifications/resources/updated", params: { uri: "notes://1" } }
 * ```
 */
export function notificationToMcp(
  notification: Runtime.Notification,
  field = "notification",
): ServerNotification {
  const n = obj<{ tag: unknown; val?: unknown }>(notification, field);
  switch (oneOf(n.tag, NOTIFICATION_TAGS, `${field}.tag`)) {
    case "tools-list-changed":
      return { method: "notifications/tools/list_changed" };
    case "resources-list-changed":
      return { method: "notifications/resources/list_changed" };
    case "prompts-list-changed":
      return { method: "notifications/prompts/list_changed" };
    case "resource-updated":
      return { method: "notifications/resources/updated", params: { uri: str(n.val, `${field}.val`) } };
    case "custom": {
      const custom = obj<Runtime.CustomNotification>(n.val, `${field}.val`);
      const method = nonEmpty(custom.method, `${field}.val.method`);
      if (!method.startsWith("notifications/")) {
        conversionError(
          `${field}.val.method`,
          `a notification method starts with "notifications/", got ${JSON.stringify(method)}`,
        );
      }
      const params = parseOptionalJsonObject(custom.params, `${field}.val.params`);
      return (params === undefined ? { method } : { method, params }) as ServerNotification;
    }
  }
}

/** Converts an MCP server notification back to the WIT notification (unknown methods are `custom`). */
export function notificationFromMcp(notification: ServerNotification): Runtime.Notification {
  switch (notification.method) {
    case "notifications/tools/list_changed":
      return { tag: "tools-list-changed" };
    case "notifications/resources/list_changed":
      return { tag: "resources-list-changed" };
    case "notifications/prompts/list_changed":
      return { tag: "prompts-list-changed" };
    case "notifications/resources/updated":
      return { tag: "resource-updated", val: notification.params.uri };
    default: {
      const params = (notification as { params?: unknown }).params;
      return {
        tag: "custom",
        val: {
          method: notification.method,
          params: params === undefined ? undefined : JSON.stringify(params),
        },
      };
    }
  }
}

/**
 * Converts a guest's `log(level, message, data)` to `notifications/message` params: `data` is the
 * message alone, or `{ message, data }` when the guest attached JSON data.
 */
export function logToMcp(
  level: Content.LogLevel,
  message: string,
  data: Types.Json | undefined,
  logger?: string,
): LoggingMessageNotification["params"] {
  const checked = oneOf(level, LEVELS, "log.level");
  const text = str(message, "log.message");
  const payload =
    data === undefined ? text : { message: text, data: parseJsonText(str(data, "log.data"), "log.data") };
  return compact({ level: checked, logger, data: payload });
}

/** Splits `notifications/message` params back into the WIT log arguments. */
export function logFromMcp(params: LoggingMessageNotification["params"]): {
  level: Content.LogLevel;
  message: string;
  data: Types.Json | undefined;
} {
  const level = oneOf(params.level, LEVELS, "params.level");
  const data = params.data as { message?: unknown; data?: unknown } | string;
  if (typeof data === "string") return { level, message: data, data: undefined };
  if (typeof data === "object" && data !== null && typeof data.message === "string" && "data" in data) {
    return { level, message: data.message, data: JSON.stringify(data.data) };
  }
  return { level, message: "", data: JSON.stringify(params.data) };
}

/** Converts a guest's `report-progress` to `notifications/progress` params. */
export function progressToMcp(
  token: Types.ProgressToken,
  progress: number,
  total: number | undefined,
  message: string | undefined,
): ProgressNotification["params"] {
  const tag = oneOf(
    obj<Types.ProgressToken>(token, "progressToken").tag,
    ["string", "integer"],
    "progressToken.tag",
  );
  if (tag === "string") str(token.val, "progressToken.val");
  else if (typeof token.val !== "bigint" || token.val > MAX_SAFE || token.val < -MAX_SAFE) {
    conversionError("progressToken.val", "expected an integer within ±(2^53-1)");
  }
  return compact({
    progressToken: progressTokenFromWit(token),
    progress: num(progress, "progress"),
    total: optNum(total, "total"),
    message: optStr(message, "message"),
  });
}

/** Splits `notifications/progress` params back into the WIT `report-progress` arguments. */
export function progressFromMcp(params: ProgressNotification["params"]): {
  token: Types.ProgressToken;
  progress: number;
  total: number | undefined;
  message: string | undefined;
} {
  const token = progressTokenToWit(params.progressToken);
  if (!token) conversionError("params.progressToken", "expected a string or a safe integer");
  return {
    token: token as Types.ProgressToken,
    progress: params.progress,
    total: params.total,
    message: params.message,
  };
}

import type { Types } from "@wasi-mcp/bindings";
import { obj, optStr, str } from "./checks.js";
import { compact } from "./compact.js";
import { conversionError } from "./errors.js";
import { parseJsonText, parseOptionalJsonObject } from "./json.js";

/** What the router knows about a request when it reaches a backend. */
export interface McpRequestInfo {
  /** JSON-RPC id of the request. */
  requestId: string | number;
  /** Transport session id, when the transport has sessions. */
  sessionId?: string | undefined;
  /** `_meta` of the request, when present. */
  meta?: Record<string, unknown> | undefined;
}

/**
 * Builds the WIT `request-context` a handler receives from an MCP request.
 *
 * @example
 * ```ts
 * requestContextToWit({ requestId: 7, meta: { progressToken: "p1" } });
 * // { requestId: "7", progressToken: { tag: "string", val: "p1" }, meta: '{"progressToken":"p1"}' }
 * ```
 */
export function requestContextToWit(info: McpRequestInfo): Types.RequestContext {
  const token = info.meta?.progressToken;
  return {
    requestId: JSON.stringify(info.requestId),
    sessionId: info.sessionId,
    progressToken: progressTokenToWit(token),
    meta: info.meta === undefined ? undefined : JSON.stringify(info.meta),
  };
}

/** Converts an MCP progress token to the WIT variant; other values become `undefined`. */
export function progressTokenToWit(token: unknown): Types.ProgressToken | undefined {
  if (typeof token === "string") return { tag: "string", val: token };
  if (typeof token === "number" && Number.isSafeInteger(token)) return { tag: "integer", val: BigInt(token) };
  return undefined;
}

/** Converts a WIT progress token back to the value the client sent. */
export function progressTokenFromWit(token: Types.ProgressToken): string | number {
  return token.tag === "string" ? token.val : Number(token.val);
}

/** Reads a WIT `request-context` back into what the router knew about the request. */
export function requestContextFromWit(context: Types.RequestContext, field = "context"): McpRequestInfo {
  const c = obj<Types.RequestContext>(context, field);
  const requestId = parseJsonText(str(c.requestId, `${field}.requestId`), `${field}.requestId`);
  if (typeof requestId !== "string" && !Number.isSafeInteger(requestId)) {
    conversionError(`${field}.requestId`, "must be the JSON text of a string or an integer");
  }
  const meta = parseOptionalJsonObject(optStr(c.meta, `${field}.meta`), `${field}.meta`);
  return compact({
    requestId: requestId as string | number,
    sessionId: optStr(c.sessionId, `${field}.sessionId`),
    meta,
  });
}

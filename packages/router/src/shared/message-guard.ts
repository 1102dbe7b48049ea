import {
  ErrorCode,
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCErrorResponse,
  type JSONRPCMessage,
  RELATED_TASK_META_KEY,
} from "@modelcontextprotocol/sdk/types.js";
import { printable } from "./printable.js";

/** The part of a zod schema the guard uses (the SDK's request schemas). */
export interface RequestParamsSchema {
  safeParse(input: unknown): {
    success: boolean;
    error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> };
  };
}

/** What to do with one incoming message. */
export type Screening =
  | { action: "forward"; message: JSONRPCMessage }
  | { action: "reply"; response: JSONRPCErrorResponse }
  | { action: "drop"; reason: string };

const REQUEST_KEYS = new Set(["jsonrpc", "id", "method", "params"]);
const NOTIFICATION_KEYS = new Set(["jsonrpc", "method", "params"]);
const MAX_MESSAGE = 400;

/**
 * Deepest nesting of arrays and objects a message may have. Far beyond any MCP message, and far
 * below what recursive code (schema validation, canonical JSON) can take before the stack runs out:
 * a 100 000-level value is refused here, with `-32602`, instead of failing deep inside as `-32603`.
 */
export const MAX_NESTING_DEPTH = 512;

/** A check a face adds for well-formed requests (after nesting, before params): an error or nothing. */
export type RequestCheck = (request: {
  id: string | number;
  method: string;
  params?: unknown;
}) => { code: number; message: string; data?: unknown } | undefined;

/**
 * Screens a message before the SDK's `Protocol` sees it, so that every request gets exactly one
 * well-formed answer: a message that is no JSON-RPC message at all is answered `-32600` (the SDK
 * would only report it locally and leave the peer waiting), and a request to a method the router
 * serves whose params do not match the MCP schema is answered `-32602` (the SDK would answer
 * `-32603` with a zod dump). Something that looks like a response is never answered, so two
 * peers cannot ping-pong errors.
 *
 * The common shapes are recognised without zod; anything unusual is classified with the SDK's
 * own predicates, so the guard and the SDK never disagree about what is a request.
 */
export function screenMessage(
  message: unknown,
  schemas: ReadonlyMap<string, RequestParamsSchema>,
  check?: RequestCheck,
): Screening {
  const kind = fastKind(message) ?? slowKind(message);
  if (kind === "invalid") return invalid(message);
  const valid = message as JSONRPCMessage;
  if (kind !== "request") return { action: "forward", message: valid };
  const request = valid as { id: string | number; method: string; params?: unknown };
  if (nestedDeeperThan(request.params, MAX_NESTING_DEPTH)) {
    return reply(
      request.id,
      ErrorCode.InvalidParams,
      `Invalid params: nested more than ${MAX_NESTING_DEPTH} levels deep`,
    );
  }
  const refusal = check?.(request);
  if (refusal) return reply(request.id, refusal.code, refusal.message, refusal.data);
  const schema = schemas.get(request.method);
  if (!schema) return { action: "forward", message: valid };
  const parsed = schema.safeParse({ method: request.method, params: request.params });
  if (parsed.success) return { action: "forward", message: valid };
  return reply(
    request.id,
    ErrorCode.InvalidParams,
    invalidParamsMessage(request.method, parsed.error?.issues),
  );
}

/** How a message is classified: a request, a notification, a response ("other") or none of them. */
export type Kind = "request" | "notification" | "other" | "invalid";

/** Classifies common shapes without zod; `undefined` means "ask the SDK" ({@link slowKind}). */
export function fastKind(message: unknown): Kind | undefined {
  if (!isPlainObject(message) || message.jsonrpc !== "2.0" || typeof message.method !== "string")
    return undefined;
  if (!paramsLookValid(message.params)) return undefined;
  if ("id" in message) {
    if (!isRequestId(message.id) || !onlyKeys(message, REQUEST_KEYS)) return undefined;
    return "request";
  }
  return onlyKeys(message, NOTIFICATION_KEYS) ? "notification" : undefined;
}

/** Classifies a message with the SDK's own predicates. */
export function slowKind(message: unknown): Kind {
  if (isJSONRPCRequest(message)) return "request";
  if (isJSONRPCNotification(message)) return "notification";
  if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) return "other";
  return "invalid";
}

/** Params the SDK's envelope schema certainly accepts: absent, or an object with a plain `_meta`. */
function paramsLookValid(params: unknown): boolean {
  if (params === undefined) return true;
  if (!isPlainObject(params)) return false;
  const meta = params._meta;
  if (meta === undefined) return true;
  if (!isPlainObject(meta) || meta[RELATED_TASK_META_KEY] !== undefined) return false;
  const token = meta.progressToken;
  return token === undefined || isRequestId(token);
}

function invalid(message: unknown): Screening {
  if (isPlainObject(message) && !("method" in message) && ("result" in message || "error" in message)) {
    return { action: "drop", reason: "an invalid JSON-RPC response" };
  }
  const id = isPlainObject(message) && isRequestId(message.id) ? message.id : undefined;
  return reply(id, ErrorCode.InvalidRequest, `Invalid Request: ${invalidReason(message)}`);
}

function invalidReason(message: unknown): string {
  if (Array.isArray(message)) return "batches are not supported; send one message at a time";
  if (!isPlainObject(message)) return "a JSON-RPC message must be an object";
  if (message.jsonrpc !== "2.0") return '"jsonrpc" must be "2.0"';
  if (typeof message.method !== "string") return '"method" must be a string';
  if ("id" in message && !isRequestId(message.id)) return '"id" must be a string or an integer';
  if (message.params !== undefined && !isPlainObject(message.params)) return '"params" must be an object';
  const extra = Object.keys(message).find((key) => !REQUEST_KEYS.has(key));
  if (extra !== undefined) return `unexpected member ${printable(JSON.stringify(extra), 60)}`;
  return '"params._meta" is malformed';
}

function invalidParamsMessage(
  method: string,
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> = [],
): string {
  const details = issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join(".") || "params"}: ${issue.message}`)
    .join("; ");
  return printable(
    `Invalid params for ${method}: ${details || "does not match the MCP schema"}`,
    MAX_MESSAGE,
  );
}

/**
 * Whether `value` nests arrays or objects more than `limit` levels deep, found without recursion
 * (a recursive walk is what such a value is built to break).
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, depth] = next;
    if (typeof item !== "object" || item === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

function reply(id: string | number | undefined, code: number, message: string, data?: unknown): Screening {
  const response: JSONRPCErrorResponse = {
    jsonrpc: "2.0",
    error: data === undefined ? { code, message } : { code, message, data },
  };
  if (id !== undefined) response.id = id;
  return { action: "reply", response };
}

function isRequestId(id: unknown): id is string | number {
  return typeof id === "string" || Number.isSafeInteger(id);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function onlyKeys(value: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key in value) if (!allowed.has(key)) return false;
  return true;
}

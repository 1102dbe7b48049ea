import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  PROTOCOL_VERSION_META_KEY,
} from "@modelcontextprotocol/server";

/** A JSON-RPC request as it goes on the wire. */
export interface RawRequest {
  jsonrpc: "2.0";
  id: string | number;
  method: string;
  params: Record<string, unknown>;
}

/** What a 2026-07-28 request's `_meta` envelope says about its client. */
export interface EnvelopeOptions {
  /** The revision it names. Default `2026-07-28`. */
  version?: string;
  /** Default `{ name: "raw", version: "0" }`. */
  clientInfo?: { name: string; version: string };
  /** The client's capabilities. Default none. */
  capabilities?: Record<string, unknown>;
  /** More `_meta` entries (a log level, a progress token, …). */
  extra?: Record<string, unknown>;
}

/**
 * The per-request `_meta` envelope of MCP 2026-07-28: protocol version, client info and client
 * capabilities under their `io.modelcontextprotocol/…` keys.
 *
 * @example
 * ```ts
 * modernEnvelope({ capabilities: { elicitation: {} }, extra: { progressToken: "p" } });
 * ```
 */
export function modernEnvelope(options: EnvelopeOptions = {}): Record<string, unknown> {
  return {
    [PROTOCOL_VERSION_META_KEY]: options.version ?? "2026-07-28",
    [CLIENT_INFO_META_KEY]: options.clientInfo ?? { name: "raw", version: "0" },
    [CLIENT_CAPABILITIES_META_KEY]: options.capabilities ?? {},
    ...options.extra,
  };
}

/**
 * A raw MCP 2026-07-28 request: `params` with the envelope in `_meta` (entries of a `params._meta`
 * given here win). For tests and raw clients that speak the wire without an SDK client.
 *
 * @example
 * ```ts
 * JSON.stringify(modernRequest(1, "tools/call", { name: "echo", arguments: { text: "hi" } }));
 * ```
 */
export function modernRequest(
  id: string | number,
  method: string,
  params: Record<string, unknown> = {},
  envelope: EnvelopeOptions = {},
): RawRequest {
  const own = (params._meta ?? {}) as Record<string, unknown>;
  return {
    jsonrpc: "2.0",
    id,
    method,
    params: { ...params, _meta: { ...modernEnvelope(envelope), ...own } },
  };
}

/**
 * A raw MCP 2025-era `initialize` request (default revision 2025-11-25).
 *
 * @example
 * ```ts
 * JSON.stringify(initializeRequest(0, { capabilities: { roots: {} } }));
 * ```
 */
export function initializeRequest(
  id: string | number,
  options: Omit<EnvelopeOptions, "extra"> = {},
): RawRequest {
  return {
    jsonrpc: "2.0",
    id,
    method: "initialize",
    params: {
      protocolVersion: options.version ?? "2025-11-25",
      capabilities: options.capabilities ?? {},
      clientInfo: options.clientInfo ?? { name: "raw", version: "0" },
    },
  };
}

/**
 * The HTTP headers of a raw MCP 2026-07-28 POST carrying `request`: JSON in, JSON or SSE out, and
 * the revision's standard headers (`MCP-Protocol-Version`, `Mcp-Method`, and `Mcp-Name` from the
 * request's `name` or `uri`).
 *
 * @example
 * ```ts
 * const request = modernRequest(1, "tools/call", { name: "echo", arguments: { text: "hi" } });
 * await fetch(url, { method: "POST", headers: modernHeaders(request), body: JSON.stringify(request) });
 * ```
 */
export function modernHeaders(request: Pick<RawRequest, "method" | "params">): Record<string, string> {
  // `Mcp-Name` mirrors the name, the URI, or (tasks extension) the task id.
  const name = request.params.name ?? request.params.uri ?? request.params.taskId;
  const version = (request.params._meta as Record<string, unknown> | undefined)?.[PROTOCOL_VERSION_META_KEY];
  return {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": typeof version === "string" ? version : "2026-07-28",
    "mcp-method": request.method,
    ...(typeof name === "string" ? { "mcp-name": name } : {}),
  };
}

import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { classifyInboundRequest, UnsupportedProtocolVersionError } from "@modelcontextprotocol/server";
import type { RequestCheck } from "../shared/message-guard.js";
import { printable, printableData } from "../shared/printable.js";

/**
 * The 2026-era protocol revisions the modern face serves: the SDK's supported modern revisions
 * (its `SUPPORTED_MODERN_PROTOCOL_VERSIONS`, which it does not export).
 */
export const MODERN_REVISIONS: readonly string[] = ["2026-07-28"];

/** JSON-RPC code of MCP's UnsupportedProtocolVersion error. */
const UNSUPPORTED_PROTOCOL_VERSION = -32022;

/** Longest protocol version echoed back in an error's `data.requested`. */
const MAX_ECHOED_VERSION = 40;

/**
 * The edge rules every 2026-07-28 request meets, on every wire, before the face serves it (the
 * check the modern face's message screen runs; see `guardModernServer`). Over HTTP the SDK entry
 * has already applied the envelope rungs with the request's headers; on stdio and WebSocket a
 * connection is pinned to 2026 by its first message and nothing else looks at later requests, so
 * these rules are what keeps "each request names its revision" true there:
 *
 * - the SDK's own classifier (`classifyInboundRequest`, the function behind its HTTP entry) finds
 *   no envelope problem — a malformed envelope is `-32602`;
 * - the request carries the envelope at all, and names a revision this face serves — otherwise
 *   `-32022` UnsupportedProtocolVersion (a request naming `2025-11-25` or `2099-01-01` on a
 *   2026-pinned connection is refused, as over HTTP);
 * - the MRTR retry fields have their wire types: `inputResponses` an object, `requestState` a
 *   string — otherwise `-32602` (not silently "no answer").
 *
 * Error text that echoes the request is escaped and bounded (`printable`).
 */
export const modernEdgeCheck: RequestCheck = (request) => {
  const outcome = classifyInboundRequest({ httpMethod: "POST", body: request });
  if (outcome.kind === "reject") {
    return {
      code: outcome.code,
      message: printable(outcome.message, 400),
      data: printableData(outcome.data),
    };
  }
  const requested = outcome.kind === "modern" ? outcome.classification.revision : undefined;
  if (requested === undefined || !MODERN_REVISIONS.includes(requested)) {
    return unsupportedRevision(outcome.kind === "modern" ? requested : undefined);
  }
  return retryFieldsRefusal(request.params);
};

function unsupportedRevision(requested: string | undefined): ReturnType<RequestCheck> {
  if (requested === undefined) {
    return {
      code: UNSUPPORTED_PROTOCOL_VERSION,
      message:
        "Unsupported protocol version: a 2026-07-28 connection's requests must name their protocol version in params._meta",
      data: { supported: [...MODERN_REVISIONS] },
    };
  }
  const error = new UnsupportedProtocolVersionError({
    supported: [...MODERN_REVISIONS],
    requested: printable(requested, MAX_ECHOED_VERSION),
  });
  return { code: error.code, message: error.message, data: error.data };
}

function retryFieldsRefusal(params: unknown): ReturnType<RequestCheck> {
  if (typeof params !== "object" || params === null) return undefined;
  const { inputResponses, requestState } = params as Record<string, unknown>;
  if ("inputResponses" in params && !isPlainObject(inputResponses)) {
    return {
      code: ErrorCode.InvalidParams,
      message: `Invalid params: inputResponses must be an object (of answers by key), got ${kindOf(inputResponses)}`,
    };
  }
  if ("requestState" in params && typeof requestState !== "string") {
    return {
      code: ErrorCode.InvalidParams,
      message: `Invalid params: requestState must be a string, got ${kindOf(requestState)}`,
    };
  }
  return undefined;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

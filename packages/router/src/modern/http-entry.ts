import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import {
  classifyInboundRequest,
  createMcpHandler,
  type Server as ModernServer,
  type ServerEventBus,
} from "@modelcontextprotocol/server";
import { HEADER_MISMATCH, paramHeaderDeclarations, paramHeaderMismatch } from "./param-headers.js";

/** How an HTTP transport tunes the 2026-07-28 entry it serves through. */
export interface HttpEntryOptions {
  /**
   * `"auto"` (default): an answer alone goes as one JSON body, so its HTTP status can say what
   * 2026-07-28 requires (400 for `-32021`); a stream starts with the first notification.
   * `"json"`: always one JSON body.
   */
  responseMode?: "auto" | "json";
  /** SSE comment sent on silent streams, in ms; 0: off. Default the SDK's. */
  keepAliveMs?: number;
  /** Largest accepted body in bytes. Default the SDK's. */
  maxBodyBytes?: number;
  /** Receives the entry's reports (they may quote the request). Default: the endpoint's `onError`. */
  onError?: (error: Error) => void;
}

/** What an HTTP request tells the entry besides itself. */
export interface HttpRequestInit {
  /** The body already read and parsed (the entry never reads it twice). */
  parsedBody?: unknown;
  /** The request's credentials, for MRTR's principal binding and the handlers' `authInfo`. */
  authInfo?: AuthInfo | undefined;
}

/** A POST as the era classifier reads it. */
export interface HttpPostView {
  /** Request headers by lower-case name. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The parsed JSON body. */
  body: unknown;
}

/** The 2026-07-28 leg of one HTTP transport: the SDK's fetch-shaped entry. */
export interface HttpEntry {
  /**
   * Whether a POST belongs to the 2026 era — its requests and the rejections of its validation
   * ladder — by the SDK's own classifier (`classifyInboundRequest`, behind `isLegacyRequest`),
   * so the transport's routing and the entry never disagree. False for 2025-era traffic.
   */
  isModern(post: HttpPostView): boolean;
  /** Answers one 2026 request (headers, `Mcp-Param-*`, `subscriptions/listen` streams: the SDK's). */
  handle(request: Request, init?: HttpRequestInit): Promise<Response>;
  /** Ends in-flight exchanges and their per-request servers. */
  close(): Promise<void>;
}

/** What the entry needs from the endpoint. */
export interface HttpEntrySource {
  createServer(context: { authInfo: AuthInfo | undefined }): ModernServer | Promise<ModernServer>;
  eventBus: ServerEventBus | undefined;
  maxListenStreams: number;
  onError: (error: Error) => void;
  /** The input schema of a tool, for its `x-mcp-header` declarations (SEP-2243); none: not checked. */
  toolInputSchema?: ((name: string) => unknown) | undefined;
}

/**
 * The SDK's `createMcpHandler` in its strict `legacy: "reject"` posture over the endpoint's 2026
 * face, with the endpoint's event bus and listen bound.
 */
export function createHttpEntry(source: HttpEntrySource, options: HttpEntryOptions = {}): HttpEntry {
  const handler = createMcpHandler(
    (context) => source.createServer({ authInfo: context.authInfo as AuthInfo | undefined }),
    {
      legacy: "reject",
      responseMode: options.responseMode ?? "auto",
      ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
      ...(options.maxBodyBytes === undefined ? {} : { maxRequestBodySize: options.maxBodyBytes }),
      maxSubscriptions: source.maxListenStreams,
      onerror: options.onError ?? source.onError,
      ...(source.eventBus ? { bus: source.eventBus } : {}),
    },
  );
  return {
    isModern: ({ headers, body }) =>
      classifyInboundRequest({
        httpMethod: "POST",
        ...header(headers, "mcp-protocol-version", "protocolVersionHeader"),
        ...header(headers, "mcp-method", "mcpMethodHeader"),
        ...header(headers, "mcp-name", "mcpNameHeader"),
        body,
      }).kind !== "legacy",
    handle: (request, init = {}) => {
      const refused =
        source.toolInputSchema && paramHeaderRefusal(request, init.parsedBody, source.toolInputSchema);
      if (refused) {
        (options.onError ?? source.onError)(
          new Error(`Rejected inbound request (Mcp-Param): ${refused.reason}`),
        );
        return Promise.resolve(refused.response);
      }
      return handler.fetch(request, {
        ...("parsedBody" in init ? { parsedBody: init.parsedBody } : {}),
        ...(init.authInfo === undefined ? {} : { authInfo: init.authInfo }),
      });
    },
    close: () => handler.close(),
  };
}

/**
 * The 400 / `-32020` answer to a `tools/call` whose `Mcp-Param-*` headers disagree with its
 * arguments (SEP-2243), or undefined. Checked only where the standard headers agree with the body
 * (`Mcp-Method`, `Mcp-Name`): a request that fails those is the SDK's to answer, first, as the
 * spec orders the checks.
 */
function paramHeaderRefusal(
  request: Request,
  body: unknown,
  toolInputSchema: (name: string) => unknown,
): { response: Response; reason: string } | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const { id, method, params } = body as {
    id?: unknown;
    method?: unknown;
    params?: { name?: unknown; arguments?: unknown };
  };
  if (method !== "tools/call" || typeof params?.name !== "string") return undefined;
  if (
    request.headers.get("mcp-method") !== method ||
    request.headers.get("mcp-name")?.trim() !== params.name
  ) {
    return undefined;
  }
  const declarations = paramHeaderDeclarations(toolInputSchema(params.name));
  const mismatch =
    declarations.length > 0
      ? paramHeaderMismatch(declarations, params.arguments, request.headers)
      : undefined;
  if (!mismatch) return undefined;
  const message = `Bad Request: the request headers and body disagree: ${mismatch.message}`;
  const error = {
    code: HEADER_MISMATCH,
    message,
    data: { mismatch: { header: mismatch.header, body: mismatch.message } },
  };
  const answer = { jsonrpc: "2.0", id: typeof id === "string" || typeof id === "number" ? id : null, error };
  return {
    response: new Response(JSON.stringify(answer), {
      status: 400,
      headers: { "content-type": "application/json" },
    }),
    reason: message,
  };
}

function header<K extends string>(
  headers: HttpPostView["headers"],
  name: string,
  key: K,
): Partial<Record<K, string>> {
  const value = headers[name];
  return typeof value === "string" ? ({ [key]: value } as Record<K, string>) : {};
}

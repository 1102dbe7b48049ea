import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { classifyInboundRequest, createMcpHandler, type McpHttpHandler } from "@modelcontextprotocol/server";
import { boundedError, withBoundedErrorText } from "./bounded-errors.js";
import { ERROR_PREFIX } from "./errors.js";
import { isListenRequest, ListenLimits } from "./listen-limits.js";
import type { ResolvedOptions } from "./options.js";
import { toWebRequest, writeWebResponse } from "./web-exchange.js";

/** A POST that passed the endpoint's edge checks, with its body read. */
export interface AdmittedPost {
  req: IncomingMessage;
  res: ServerResponse;
  cors: Record<string, string>;
  authInfo: AuthInfo | undefined;
  /** The body as text, within the size limit. */
  text: string;
}

/** The endpoint's MCP 2026-07-28 leg. */
export interface ModernEra {
  /**
   * Serves `post` when the SDK's classifier says it belongs to the 2026 era (or to its validation
   * ladder) and resolves true; resolves false for 2025-era traffic, which the caller serves.
   */
  serve(post: AdmittedPost): Promise<boolean>;
  /** Ends in-flight 2026 exchanges and their per-request servers. */
  close(): Promise<void>;
}

/**
 * The 2026-07-28 leg of the endpoint (ADR 0005): one SDK `createMcpHandler` in its strict
 * `legacy: "reject"` posture, reached only after our own Host/Origin, CORS, credential, media type
 * and body-size checks. Each POST's era is decided by the SDK's `classifyInboundRequest`, the
 * function behind its `isLegacyRequest`, so our routing and the SDK entry never disagree.
 */
export function createModernEra(
  o: ResolvedOptions,
  createServer: NonNullable<ResolvedOptions["createModernServer"]>,
): ModernEra {
  const handler: McpHttpHandler = createMcpHandler(
    (context) => createServer({ authInfo: context.authInfo as AuthInfo | undefined }),
    {
      legacy: "reject",
      // An answer alone goes as JSON, so its HTTP status can say what 2026-07-28 requires.
      responseMode: o.responseMode === "json" ? "json" : "auto",
      keepAliveMs: o.keepAliveMs,
      maxRequestBodySize: o.maxBodyBytes,
      maxSubscriptions: o.maxListenStreams,
      // The entry's reports quote the request (a rejected method name): escaped and bounded.
      onerror: (error) => o.onError(boundedError(error)),
      ...(o.eventBus ? { bus: o.eventBus } : {}),
    },
  );
  const listens = new ListenLimits(o.maxListenStreamsPerClient);
  return {
    async serve(post) {
      const body = parseJson(post.text);
      if (body === undefined || isLegacy(post.req, body)) return false;
      if (isListenRequest(body)) {
        // The slot is given back when the stream's response closes, however it ends.
        const release = listens.open(post.req, post.authInfo);
        if (!release) {
          post.res.writeHead(200, { ...post.cors, "content-type": "application/json" });
          post.res.end(JSON.stringify(listens.refusal(body.id)));
          return true;
        }
        post.res.once("close", release);
      }
      const controller = new AbortController();
      post.res.once("close", () => controller.abort());
      const request = toWebRequest(post.req, controller.signal);
      const response = await handler.fetch(request, {
        parsedBody: body,
        ...(post.authInfo === undefined ? {} : { authInfo: post.authInfo }),
      });
      await writeWebResponse(
        post.res,
        await withBoundedErrorText(response),
        post.cors,
        o.slowReader,
        (reason) => o.onError(new Error(`${ERROR_PREFIX} dropped a 2026-07-28 response stream: ${reason}`)),
      );
      return true;
    },
    close: () => handler.close(),
  };
}

function isLegacy(req: IncomingMessage, body: unknown): boolean {
  const outcome = classifyInboundRequest({
    httpMethod: "POST",
    ...header(req, "mcp-protocol-version", "protocolVersionHeader"),
    ...header(req, "mcp-method", "mcpMethodHeader"),
    ...header(req, "mcp-name", "mcpNameHeader"),
    body,
  });
  return outcome.kind === "legacy";
}

function header<K extends string>(req: IncomingMessage, name: string, key: K): Partial<Record<K, string>> {
  const value = req.headers[name];
  return typeof value === "string" ? ({ [key]: value } as Record<K, string>) : {};
}

/** The body's JSON value; undefined when it is no JSON (the 2025 path answers the parse error). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

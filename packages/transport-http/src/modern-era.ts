import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { HttpEntry } from "@wasi-mcp/router";
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
   * Serves `post` when the endpoint's classifier says it belongs to the 2026 era (or to its
   * validation ladder) and resolves true; resolves false for 2025-era traffic, which the caller
   * serves.
   */
  serve(post: AdmittedPost): Promise<boolean>;
  /** Ends in-flight 2026 exchanges and their per-request servers. */
  close(): Promise<void>;
}

/**
 * The 2026-07-28 leg of the HTTP transport (ADR 0005): the endpoint's HTTP entry (the SDK's
 * `createMcpHandler`, strict `legacy: "reject"`), reached only after our own Host/Origin, CORS,
 * credential, media type and body-size checks. The era of each POST is decided once, by the
 * entry's own classifier; this file only converts between `node:http` and the entry's Web
 * `Request`/`Response` and bounds each client's listen streams. Undefined when the endpoint
 * serves 2025 only.
 */
export function createModernEra(o: ResolvedOptions): ModernEra | undefined {
  const entry: HttpEntry | undefined = o.endpoint.http({
    // An answer alone goes as JSON, so its HTTP status can say what 2026-07-28 requires.
    responseMode: o.responseMode === "json" ? "json" : "auto",
    keepAliveMs: o.keepAliveMs,
    maxBodyBytes: o.maxBodyBytes,
    // The entry's reports quote the request (a rejected method name): escaped and bounded.
    onError: (error) => o.onError(boundedError(error)),
  });
  if (!entry) return undefined;
  const listens = new ListenLimits(o.endpoint.listen.maxListenStreamsPerClient);
  return {
    async serve(post) {
      const body = parseJson(post.text);
      if (body === undefined || !entry.isModern({ headers: post.req.headers, body })) return false;
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
      // Only a response cut off before its end aborts the request: an abort builds a DOMException
      // (a stack trace) per call, ≈ 1 % of a 2026 call's main-thread time when done every time.
      post.res.once("close", () => post.res.writableFinished || controller.abort());
      const request = toWebRequest(post.req, controller.signal);
      const response = await entry.handle(request, { parsedBody: body, authInfo: post.authInfo });
      await writeWebResponse(
        post.res,
        await withBoundedErrorText(response),
        post.cors,
        o.slowReader,
        (reason) => o.onError(new Error(`${ERROR_PREFIX} dropped a 2026-07-28 response stream: ${reason}`)),
      );
      return true;
    },
    close: () => entry.close(),
  };
}

/** The body's JSON value; undefined when it is no JSON (the 2025 path answers the parse error). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

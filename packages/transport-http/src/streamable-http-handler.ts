import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { admit } from "./auth/refusal.js";
import { parseBody, readBody } from "./body.js";
import { corsHeaders, preflightHeaders } from "./cors.js";
import { requestArrived } from "./delivery-receipts.js";
import { asError, HTTP_ERROR_CODES, writeJsonError } from "./errors.js";
import { isInitialize, requestedVersion } from "./messages.js";
import { createModernEra, type ModernEra } from "./modern-era.js";
import { type ResolvedOptions, resolveOptions, type StreamableHttpOptions } from "./options.js";
import { postRetryAfterMs } from "./rate-gate.js";
import { accepts, checkOrigin, checkProtocolVersion, isJsonContentType } from "./request-guard.js";
import { type Session, SessionRegistry } from "./session-registry.js";
import { HttpServerTransport } from "./session-transport.js";
import { type SharedChannel, SharedSessions, SharedStoreError } from "./shared-sessions.js";
import type { SessionRecord } from "./shared-state.js";
import { observeEventStore, observeSessions } from "./telemetry/transport-metrics.js";

/**
 * A Node request listener serving the MCP Streamable HTTP endpoint. Mount it on any `node:http`
 * server (or a framework that exposes `req`/`res`) at the path you choose.
 */
export interface StreamableHttpHandler {
  /** Answers one request. Never throws: failures become 4xx/5xx answers and `onError` reports. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Live sessions. */
  readonly sessionCount: number;
  /** Closes every session (their servers and streams). */
  close(): Promise<void>;
}

/** What the request guard learned about a request that may proceed. */
interface Admitted {
  req: IncomingMessage;
  res: ServerResponse;
  cors: Record<string, string>;
  authInfo: AuthInfo | undefined;
}

const { transport: TRANSPORT, sessionNotFound: SESSION_NOT_FOUND } = HTTP_ERROR_CODES;

/**
 * Creates the Streamable HTTP (MCP 2025-11-25) endpoint logic: POST/GET/DELETE on one path,
 * sessions with cryptographically random ids, SSE or JSON answers, resumable streams, Host/Origin
 * checks, a body limit, an optional credential check and CORS. Each session gets its own SDK
 * `Server` from `createServer`.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { createStreamableHttpHandler } from "@wasi-mcp/transport-http";
 * const mcp = createStreamableHttpHandler({ endpoint: createMcpEndpoint(backend) });
 * createServer((req, res) => (req.url?.startsWith("/mcp") ? mcp.handle(req, res) : res.writeHead(404).end()))
 *   .listen(3000, "127.0.0.1");
 * ```
 */
export function createStreamableHttpHandler(options: StreamableHttpOptions): StreamableHttpHandler {
  const o = resolveOptions(options);
  const registry = new SessionRegistry(o.sessions ? o.sessionIdleTimeoutMs : 0, o.keepAliveMs, o.onError);
  const modern = createModernEra(o);
  const shared = o.sessionStore
    ? new SharedSessions(o.sessionStore, o.messageBus, o.sessionIdleTimeoutMs, o.onError)
    : undefined;
  const handler = new Handler(o, registry, modern, shared);
  const stopObserving = [observeSessions("http", () => registry.size), observeEventStore(o.eventStore)];
  return {
    handle: (req, res) => {
      requestArrived(req.socket);
      handler.dispatch(req, res).catch((error: unknown) => {
        o.onError(asError(error));
        if (error instanceof SharedStoreError && !res.headersSent) {
          writeJsonError(res, 503, TRANSPORT, `Service Unavailable: ${error.message}`, {
            "retry-after": "1",
          });
        } else if (!res.headersSent) writeJsonError(res, 500, -32603, "Internal error");
        else res.destroy();
      });
    },
    get sessionCount() {
      return registry.size;
    },
    close: async () => {
      for (const stop of stopObserving) stop();
      await Promise.all([registry.closeAll(), modern?.close()]);
    },
  };
}

class Handler {
  /** Sessions whose initialize is between the `maxSessions` check and their registration. */
  private opening = 0;
  /** Rebuilds under way, so concurrent requests of one session share one. */
  private readonly rebuilding = new Map<string, Promise<Session | undefined>>();

  constructor(
    private readonly o: ResolvedOptions,
    private readonly registry: SessionRegistry,
    private readonly modern: ModernEra | undefined,
    private readonly shared: SharedSessions | undefined,
  ) {}

  async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cors = corsHeaders(req.headers, this.o.cors);
    if (req.method === "OPTIONS") return this.preflight(req, res, cors);
    const refusal = checkOrigin(req.headers, this.o);
    if (refusal) return writeJsonError(res, 403, TRANSPORT, refusal, cors);
    const authInfo = await this.authenticate(req, res, cors);
    if (authInfo === null) return;
    const admitted: Admitted = { req, res, cors, authInfo };
    switch (req.method) {
      case "POST":
        return this.post(admitted);
      case "GET":
        return this.get(admitted);
      case "DELETE":
        return this.delete(admitted);
      default:
        return writeJsonError(res, 405, TRANSPORT, "Method Not Allowed", { ...cors, allow: this.allowed() });
    }
  }

  private async post({ req, res, cors, authInfo }: Admitted): Promise<void> {
    const accept = req.headers.accept;
    const needsSse = this.o.responseMode === "sse";
    if (!accepts(accept, "application/json") || (needsSse && !accepts(accept, "text/event-stream"))) {
      const wanted = needsSse ? "both application/json and text/event-stream" : "application/json";
      return writeJsonError(res, 406, TRANSPORT, `Not Acceptable: Accept must list ${wanted}`, cors);
    }
    if (!isJsonContentType(req.headers["content-type"])) {
      return writeJsonError(
        res,
        415,
        TRANSPORT,
        "Unsupported Media Type: Content-Type must be application/json",
        cors,
      );
    }
    const body = await readBody(req, this.o.maxBodyBytes);
    if (!body.ok) {
      const headers = body.status === 413 ? { ...cors, connection: "close" } : cors;
      return writeJsonError(res, body.status, body.code, body.message, headers);
    }
    const limiter = this.o.endpoint.rateLimiter;
    const wait = limiter ? postRetryAfterMs(limiter, body.text, authInfo) : 0;
    if (wait > 0) {
      return writeJsonError(res, 429, TRANSPORT, "Too Many Requests: rate limit exceeded", {
        ...cors,
        "retry-after": String(Math.ceil(wait / 1000)),
      });
    }
    if (await this.modern?.serve({ req, res, cors, authInfo, text: body.text })) return;
    const parsed = parseBody(body.text);
    if (!parsed.ok) return writeJsonError(res, 400, parsed.code, parsed.message, cors);
    const { messages, batch } = parsed;
    if (!this.o.sessions) return this.stateless({ req, res, cors, authInfo }, parsed);
    const init = messages.find(isInitialize);
    let session: Session | undefined;
    if (init) {
      if (messages.length > 1) {
        return writeJsonError(
          res,
          400,
          HTTP_ERROR_CODES.invalidRequest,
          "Invalid Request: initialize must be sent alone",
          cors,
        );
      }
      // The initialize request's id is known here, so its error answers it (JSON-RPC: id null only
      // when the id could not be read).
      if (req.headers["mcp-session-id"] !== undefined) {
        return writeJsonError(
          res,
          400,
          HTTP_ERROR_CODES.invalidRequest,
          "Invalid Request: session already initialized",
          cors,
          init.id,
        );
      }
      // Sessions still opening count too: their `await`s would otherwise let many initializes pass
      // this check at once.
      if (this.registry.size + this.opening >= this.o.maxSessions) {
        return writeJsonError(
          res,
          503,
          TRANSPORT,
          "Service Unavailable: too many sessions",
          { ...cors, "retry-after": "5" },
          init.id,
        );
      }
      this.opening++;
      try {
        session = await this.openSession(authInfo, requestedVersion(init) ?? LATEST_PROTOCOL_VERSION, {
          initialize: init.params ?? {},
        });
      } finally {
        this.opening--;
      }
    } else {
      session = await this.lookup({ req, res, cors, authInfo });
      if (!session) return;
    }
    session.lastActivity = Date.now();
    const headers = { ...cors, "mcp-session-id": session.id };
    const error = session.transport.handlePost(messages, batch, {
      req,
      res,
      headers,
      authInfo,
      protocolVersion: session.protocolVersion,
    });
    if (error) writeJsonError(res, 400, HTTP_ERROR_CODES.invalidRequest, error, headers);
  }

  private async get({ req, res, cors, authInfo }: Admitted): Promise<void> {
    if (!this.o.sessions) {
      return writeJsonError(res, 405, TRANSPORT, "Method Not Allowed: stateless server, no GET stream", {
        ...cors,
        allow: this.allowed(),
      });
    }
    if (!accepts(req.headers.accept, "text/event-stream")) {
      return writeJsonError(res, 406, TRANSPORT, "Not Acceptable: Accept must list text/event-stream", cors);
    }
    const session = await this.lookup({ req, res, cors, authInfo });
    if (!session) return;
    session.lastActivity = Date.now();
    const headers = { ...cors, "mcp-session-id": session.id };
    const lastEventId = req.headers["last-event-id"];
    if (typeof lastEventId === "string" && lastEventId !== "") {
      if (await session.transport.resume(lastEventId, res, headers)) return;
      return writeJsonError(res, 400, TRANSPORT, "Bad Request: unknown or expired Last-Event-ID", headers);
    }
    if (!session.transport.openStandalone(res, headers, session.protocolVersion)) {
      writeJsonError(res, 409, TRANSPORT, "Conflict: this session already has a GET stream", headers);
    }
  }

  private async delete(admitted: Admitted): Promise<void> {
    const { res, cors } = admitted;
    if (!this.o.sessions) {
      return writeJsonError(res, 405, TRANSPORT, "Method Not Allowed: stateless server has no sessions", {
        ...cors,
        allow: this.allowed(),
      });
    }
    const session = await this.lookup(admitted);
    if (!session) return;
    await this.shared?.deleted(session.id);
    await this.registry.close(session);
    res.writeHead(200, cors).end();
  }

  /**
   * Opens a session: a random id, a transport, a new server from the factory, connected. With a
   * shared session store, a new session's record is written first, and `rebuild` (a session another
   * node opened) replays its record into the new server under the same id.
   */
  private async openSession(
    authInfo: AuthInfo | undefined,
    protocolVersion: string,
    opening: { initialize: Record<string, unknown> } | undefined,
    rebuild?: { id: string; record: SessionRecord },
  ): Promise<Session> {
    const id = rebuild?.id ?? randomBytes(32).toString("base64url");
    const transport = new HttpServerTransport({
      sessionId: id,
      responseMode: this.o.responseMode,
      eventStore: this.o.eventStore,
      retryMs: this.o.retryMs,
      slowReader: this.o.slowReader,
    });
    transport.onclose = () => {
      this.registry.delete(id);
      this.shared?.forget(id);
    };
    transport.onerror = (error) => this.o.onError(error);
    let channel: SharedChannel | undefined;
    if (this.shared) {
      const record = rebuild?.record ?? {
        protocolVersion,
        principal: authInfo?.clientId,
        initialize: opening?.initialize ?? {},
        subscriptions: [],
      };
      if (!rebuild) await this.shared.created(id, record);
      channel = this.shared.channel(transport, record);
    }
    const server = await this.o.endpoint.legacy.createServer({ sessionId: id, authInfo });
    await server.connect(channel ?? transport);
    if (rebuild) await channel?.replay();
    const session: Session = {
      id,
      transport,
      server,
      principal: authInfo?.clientId,
      protocolVersion,
      lastActivity: Date.now(),
    };
    this.registry.add(session);
    return session;
  }

  /**
   * Finds the request's session — in this node's registry, else (shared store) rebuilt from its
   * record — or answers 400/403/404 and returns undefined.
   */
  private async lookup({ req, res, cors, authInfo }: Admitted): Promise<Session | undefined> {
    const id = req.headers["mcp-session-id"];
    if (typeof id !== "string" || id === "") {
      writeJsonError(res, 400, TRANSPORT, "Bad Request: Mcp-Session-Id header is required", cors);
      return undefined;
    }
    let session = this.registry.get(id);
    if ((!session || session.transport.isClosed) && this.shared) session = await this.rebuild(id, authInfo);
    if (session) this.shared?.touch(id);
    if (!session || session.transport.isClosed) {
      writeJsonError(res, 404, SESSION_NOT_FOUND, "Session not found", cors);
      return undefined;
    }
    if (session.principal !== undefined && session.principal !== authInfo?.clientId) {
      writeJsonError(res, 403, TRANSPORT, "Forbidden: the session belongs to other credentials", cors);
      return undefined;
    }
    const badVersion = checkProtocolVersion(req.headers);
    if (badVersion) {
      writeJsonError(res, 400, TRANSPORT, badVersion, cors);
      return undefined;
    }
    return session;
  }

  /** Rebuilds a session another node opened, from its shared record (one rebuild at a time per id). */
  private rebuild(id: string, authInfo: AuthInfo | undefined): Promise<Session | undefined> {
    const running = this.rebuilding.get(id);
    if (running) return running;
    const shared = this.shared;
    if (!shared) return Promise.resolve(undefined);
    const task = (async () => {
      const record = await shared.find(id);
      // Other credentials get "not found" here rather than 403: no server is built for them.
      if (!record || (record.principal !== undefined && record.principal !== authInfo?.clientId)) {
        return undefined;
      }
      return await this.openSession(authInfo, record.protocolVersion, undefined, { id, record });
    })().finally(() => this.rebuilding.delete(id));
    this.rebuilding.set(id, task);
    return task;
  }

  /** Stateless mode: a fresh server and transport answer this one POST, then close. */
  private async stateless(
    { req, res, cors, authInfo }: Admitted,
    { messages, batch }: { messages: Parameters<HttpServerTransport["handlePost"]>[0]; batch: boolean },
  ): Promise<void> {
    const badVersion = checkProtocolVersion(req.headers);
    if (badVersion) return writeJsonError(res, 400, TRANSPORT, badVersion, cors);
    const transport = new HttpServerTransport({
      sessionId: undefined,
      responseMode: this.o.responseMode,
      eventStore: undefined,
      retryMs: undefined,
      slowReader: this.o.slowReader,
    });
    transport.onerror = (error) => this.o.onError(error);
    const server = await this.o.endpoint.legacy.createServer({ authInfo });
    await server.connect(transport);
    res.once("close", () => {
      server.close().catch((error: unknown) => this.o.onError(asError(error)));
    });
    const protocolVersion = headerVersion(req) ?? LATEST_PROTOCOL_VERSION;
    const error = transport.handlePost(messages, batch, {
      req,
      res,
      headers: cors,
      authInfo,
      protocolVersion,
    });
    if (error) writeJsonError(res, 400, HTTP_ERROR_CODES.invalidRequest, error, cors);
  }

  /** Runs `authenticate`; answers 401 or 403 with its challenge and returns null on refusal. */
  private async authenticate(
    req: IncomingMessage,
    res: ServerResponse,
    cors: Record<string, string>,
  ): Promise<AuthInfo | undefined | null> {
    const admission = await admit(this.o.authenticate, req, this.o.resourceMetadataUrl);
    if (admission.ok) return admission.authInfo;
    writeJsonError(res, admission.status, TRANSPORT, admission.message, { ...cors, ...admission.headers });
    return null;
  }

  private preflight(req: IncomingMessage, res: ServerResponse, cors: Record<string, string>): void {
    if (!this.o.cors) {
      writeJsonError(res, 405, TRANSPORT, "Method Not Allowed", { allow: this.allowed() });
    } else if (!cors["access-control-allow-origin"] || checkOrigin(req.headers, this.o)) {
      writeJsonError(res, 403, TRANSPORT, "Forbidden: origin not allowed");
    } else {
      res.writeHead(204, { ...cors, ...preflightHeaders(this.o.cors) }).end();
    }
  }

  private allowed(): string {
    return this.o.sessions ? "GET, POST, DELETE, OPTIONS" : "POST, OPTIONS";
  }
}

function headerVersion(req: IncomingMessage): string | undefined {
  const version = req.headers["mcp-protocol-version"];
  return typeof version === "string" ? version : undefined;
}

import type { IncomingMessage } from "node:http";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { MessageBus } from "@wasi-mcp/router";
import {
  type McpEndpoint,
  type ModernServer,
  printable,
  type ServerEventBus,
  transportEndpoint,
} from "@wasi-mcp/router";
import { DEFAULT_MAX_BODY_BYTES } from "./body.js";
import type { CorsOptions } from "./cors.js";
import { ERROR_PREFIX } from "./errors.js";
import { type EventStore, InMemoryEventStore } from "./event-store.js";
import { LOOPBACK_HOSTS } from "./request-guard.js";
import type { ResponseMode } from "./session-transport.js";
import type { SessionStore } from "./shared-state.js";
import { SLOW_READER_DEFAULTS, type SlowReaderLimits } from "./slow-reader.js";

/** What a server factory is told about the session it serves. */
export interface SessionContext {
  /** The new session's id; undefined in stateless mode (one server per request). */
  sessionId: string | undefined;
  /** What `authenticate` returned for the request that opened the session. */
  authInfo: AuthInfo | undefined;
}

/**
 * Makes the SDK `Server` of one session (or, stateless, of one request). Each call must return a
 * new, unconnected server: the SDK `Server` serves one connection.
 */
export type ServerFactory = (context: SessionContext) => Server | Promise<Server>;

/**
 * Makes the SDK v2 `Server` answering one MCP 2026-07-28 request (see ADR 0005); the endpoint's
 * SDK entry binds it to the 2026 era. `authInfo` is what `authenticate` returned for the request.
 */
export type ModernServerFactory = (context: {
  authInfo: AuthInfo | undefined;
}) => ModernServer | Promise<ModernServer>;

/**
 * Checks a request's credentials. Return the `AuthInfo` to accept (handlers see it as
 * `extra.authInfo`), or undefined (or throw) to answer 401 with `WWW-Authenticate: Bearer`.
 */
export type Authenticate = (request: {
  /** The `Authorization: Bearer` token, if any. */
  token: string | undefined;
  /** The raw request (headers, socket) for other schemes. */
  req: IncomingMessage;
}) => AuthInfo | undefined | Promise<AuthInfo | undefined>;

/**
 * Options of {@link createStreamableHttpHandler} and {@link createHttpServer}.
 *
 * @example
 * ```ts
 * const options: StreamableHttpOptions = {
 *   endpoint: createMcpEndpoint(backend),
 *   responseMode: "json",
 *   sessionIdleTimeoutMs: 60_000,
 * };
 * ```
 */
export interface StreamableHttpOptions {
  /**
   * What the endpoint serves: the router's `createMcpEndpoint(backend)`, both MCP revisions with
   * their settings, listen bounds and event bus. Each POST's era is decided once, by the
   * endpoint's classifier (the SDK's `isLegacyRequest`). Give it, or `createServer`.
   */
  endpoint?: McpEndpoint;
  /**
   * Makes the SDK server of each session (the earlier form of `endpoint`; without
   * `createModernServer` the endpoint serves 2025-era only).
   */
  createServer?: ServerFactory;
  /** With `createServer`: makes the server of each MCP 2026-07-28 request. */
  createModernServer?: ModernServerFactory;
  /**
   * With `createServer`: the source of the change events of MCP 2026-07-28
   * `subscriptions/listen` streams. Default: an in-memory bus nothing publishes to.
   */
  eventBus?: ServerEventBus;
  /**
   * Where the 2025 sessions of a deployment are recorded, so that any node serves a session another
   * node opened by rebuilding its server (ADR 0011 §2); e.g. `@wasi-mcp/redis`'s
   * `RedisSessionStore`. Default: none — sessions live in this process only.
   */
  sessionStore?: SessionStore;
  /**
   * Pub/sub between the nodes sharing `sessionStore`: a client's answer to a server→client request
   * (sampling, elicitation, roots) that reaches another node is carried to the node awaiting it.
   */
  messageBus?: MessageBus;
  /** `false`: stateless mode, no session ids, a fresh server per POST, no GET stream. Default true. */
  sessions?: boolean;
  /**
   * `"sse"` (default): a POST with requests is answered with an SSE stream; `"json"`: one JSON
   * body. On MCP 2026-07-28 requests `"sse"` streams as soon as something goes out before the
   * answer (a notification) and sends an answer alone as one JSON body (the SDK's `"auto"`), so
   * that its HTTP status can carry the revision's error statuses (400 for `-32021`, 404 for a
   * method the server does not have).
   */
  responseMode?: ResponseMode;
  /** Where events are kept for `Last-Event-ID` resumption. Default: an {@link InMemoryEventStore}; `false`: no resumption. */
  eventStore?: EventStore | false;
  /** `retry:` of priming events, in ms: how soon a client reconnects a dropped stream. Default 1000. */
  retryMs?: number;
  /** Accepted `Host` names (no port), or `"any"`. Default: `localhost`, `127.0.0.1`, `[::1]`. */
  allowedHosts?: readonly string[] | "any";
  /** Accepted `Origin`s besides those on an allowed host, or `"any"`. Default none. */
  allowedOrigins?: readonly string[] | "any";
  /** CORS for browser clients; its origins are accepted by the Origin check too. Default off. */
  cors?: CorsOptions;
  /** Credential check for every request. Default: none. */
  authenticate?: Authenticate;
  /** `resource_metadata` URL put in the `WWW-Authenticate` header of a 401 (RFC 9728). */
  resourceMetadataUrl?: string;
  /** Largest accepted POST body, in bytes; larger ones get 413. Default 4 MiB. */
  maxBodyBytes?: number;
  /** A session with no request and no open stream for this long is closed. Default 5 min; 0: never. */
  sessionIdleTimeoutMs?: number;
  /** Most live sessions; an initialize beyond gets 503. Default 10 000. */
  maxSessions?: number;
  /** SSE comment sent on streams silent for this long, in ms. Default 15 000; 0: off. */
  keepAliveMs?: number;
  /**
   * Bytes an SSE stream may queue for a client that does not read: still above this after
   * `slowReaderTimeoutMs`, or above 4 × this at once, the stream is dropped (the client may resume
   * it). Default 4 MiB.
   */
  maxBufferedBytes?: number;
  /** How long an SSE stream may stay more than `maxBufferedBytes` behind before it is dropped. Default 10 000 ms. */
  slowReaderTimeoutMs?: number;
  /**
   * With `createServer`: most open MCP 2026-07-28 `subscriptions/listen` streams on the endpoint;
   * one more is answered `-32603` "Subscription limit reached". Default 1024. (With `endpoint`,
   * the endpoint's own option.)
   */
  maxListenStreams?: number;
  /**
   * With `createServer`: most open `subscriptions/listen` streams of one client (its
   * `authInfo.clientId` when `authenticate` is set, else its address); one more is answered
   * `-32603`, so one client cannot hold every slot of `maxListenStreams`. Default 64. (With
   * `endpoint`, the endpoint's own option.)
   */
  maxListenStreamsPerClient?: number;
  /** Receives host-side failures (a server factory that throws, a transport error). Default: stderr. */
  onError?: (error: Error) => void;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  /** The endpoint served: given, or made from the factory options. */
  endpoint: McpEndpoint;
  sessionStore: SessionStore | undefined;
  messageBus: MessageBus | undefined;
  sessions: boolean;
  responseMode: ResponseMode;
  eventStore: EventStore | undefined;
  retryMs: number | undefined;
  allowedHosts: readonly string[] | "any";
  allowedOrigins: readonly string[] | "any";
  cors: CorsOptions | undefined;
  authenticate: Authenticate | undefined;
  resourceMetadataUrl: string | undefined;
  maxBodyBytes: number;
  sessionIdleTimeoutMs: number;
  maxSessions: number;
  keepAliveMs: number;
  slowReader: SlowReaderLimits;
  onError: (error: Error) => void;
}

/** Applies defaults and checks numbers; throws a prefixed `RangeError` for nonsense. */
export function resolveOptions(options: StreamableHttpOptions): ResolvedOptions {
  const onError =
    options.onError ?? ((error: Error) => process.stderr.write(`${printable(error.message, 1000)}\n`));
  const endpoint = endpointOf(options, onError);
  const sessions = options.sessions ?? true;
  const cors = options.cors;
  let allowedOrigins = options.allowedOrigins ?? [];
  if (cors && allowedOrigins !== "any") {
    allowedOrigins = cors.origins === "*" ? "any" : [...allowedOrigins, ...cors.origins];
  }
  return {
    endpoint,
    sessionStore: sessions ? options.sessionStore : undefined,
    messageBus: options.messageBus,
    sessions,
    responseMode: options.responseMode ?? "sse",
    eventStore:
      sessions && options.eventStore !== false ? (options.eventStore ?? new InMemoryEventStore()) : undefined,
    retryMs: nonNegative("retryMs", options.retryMs ?? 1000),
    allowedHosts:
      options.allowedHosts === "any"
        ? "any"
        : (options.allowedHosts ?? LOOPBACK_HOSTS).map((h) => h.toLowerCase()),
    allowedOrigins,
    cors,
    authenticate: options.authenticate,
    resourceMetadataUrl: options.resourceMetadataUrl,
    maxBodyBytes: positive("maxBodyBytes", options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
    sessionIdleTimeoutMs: nonNegative("sessionIdleTimeoutMs", options.sessionIdleTimeoutMs ?? 300_000),
    maxSessions: positive("maxSessions", options.maxSessions ?? 10_000),
    keepAliveMs: nonNegative("keepAliveMs", options.keepAliveMs ?? 15_000),
    slowReader: {
      maxBufferedBytes: positive(
        "maxBufferedBytes",
        options.maxBufferedBytes ?? SLOW_READER_DEFAULTS.maxBufferedBytes,
      ),
      slowReaderTimeoutMs: positive(
        "slowReaderTimeoutMs",
        options.slowReaderTimeoutMs ?? SLOW_READER_DEFAULTS.slowReaderTimeoutMs,
      ),
    },
    onError,
  };
}

/** The endpoint given, or one over the factory options. */
function endpointOf(options: StreamableHttpOptions, onError: (error: Error) => void): McpEndpoint {
  const { createServer, createModernServer } = options;
  return transportEndpoint(
    {
      ...options,
      createServer:
        createServer &&
        ((context) => createServer({ sessionId: context.sessionId, authInfo: context.authInfo })),
      createModernServer:
        createModernServer && ((context) => createModernServer({ authInfo: context.authInfo })),
      onError,
    },
    ERROR_PREFIX,
  );
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${ERROR_PREFIX} ${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${ERROR_PREFIX} ${name} must be a non-negative integer, got ${value}`);
  }
  return value;
}

import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { createLegacyServer, routerContext } from "../legacy/create-server.js";
import { LegacyTasks } from "../legacy/legacy-tasks.js";
import { createEndpointEventBus, type ServerEventBus } from "../modern/backend-events.js";
import {
  createHttpEntry,
  type HttpEntry,
  type HttpEntryOptions,
  type HttpRequestInit,
} from "../modern/http-entry.js";
import {
  type CreateModernMcpServerOptions,
  createModernMcpServer,
  type ModernServer,
} from "../modern/modern-server.js";
import {
  DEFAULT_MAX_LISTEN_STREAMS_PER_CONNECTION,
  type ServedChannel,
  serveChannel,
} from "../modern/serve-channel.js";
import { createSkillsProvider } from "../modern/skills/sdk-skills.js";
import { ModernTasks } from "../modern/task-runner.js";
import { asError } from "../shared/as-error.js";
import type { McpBackend } from "../shared/backend.js";
import { BackendEventHub } from "../shared/event-hub.js";
import { DEFAULT_MAX_LISTEN_STREAMS, ListenSlots } from "../shared/listen-slots.js";
import { printable } from "../shared/printable.js";
import { RateLimiter, type RateLimits } from "../shared/rate-limits.js";
import { resolveTaskOptions, type TaskOptions } from "../tasks/task-options.js";
import { serveLegacyChannel } from "./legacy-channel.js";

/** Options of {@link createMcpEndpoint}: both faces' settings, the 2026 listen bounds, the event bus. */
export interface McpEndpointOptions extends CreateModernMcpServerOptions {
  /**
   * Source of the change events of 2026 `subscriptions/listen` streams, on every transport. The
   * endpoint publishes its backend's list changes and resource updates to it. Default: an
   * in-process bus (the SDK's `InMemoryServerEventBus`); replicas pass a shared one (Redis).
   */
  eventBus?: ServerEventBus;
  /**
   * Most open 2026 `subscriptions/listen` subscriptions across the endpoint (every connection and
   * HTTP stream of each transport that serves it); one more is answered `-32603`. Default
   * {@link DEFAULT_MAX_LISTEN_STREAMS} (1024).
   */
  maxListenStreams?: number;
  /**
   * Most open 2026 `subscriptions/listen` subscriptions of one client (a stdio or WebSocket
   * connection; over HTTP, its `authInfo.clientId` or else its address). Default 64.
   */
  maxListenStreamsPerClient?: number;
  /** Receives failures that are not a client's to see. Default: stderr. */
  onError?: (error: Error) => void;
  /**
   * Token buckets on `tools/call`, per caller and per tool (ADR 0012): past one, `-32029` with
   * `data.retryAfterMs`, and over HTTP 429 with `Retry-After` before the request is served.
   */
  rateLimits?: RateLimits;
  /**
   * Tool calls as tasks (the 2026 extension `io.modelcontextprotocol/tasks`): store, TTL, poll
   * interval, how long a call runs inline first, the task deadline. `false` turns tasks off (the
   * extension is not advertised). Default: on, in memory.
   */
  tasks?: TaskOptions | false;
}

/** What a transport knows about the connection or request a face serves. */
export interface EndpointContext {
  /** The transport's session id (a WebSocket connection, a 2025 HTTP session). */
  sessionId?: string | undefined;
  /** What the transport's credential check returned. */
  authInfo?: AuthInfo | undefined;
}

/** The 2025-11-25 face: SDK v1 `Server`s, one per session. */
export interface LegacyFace {
  /** A new, unconnected 2025 server for one session. */
  createServer(context?: EndpointContext): Server | Promise<Server>;
}

/** The 2026-07-28 face: SDK v2 `Server`s, one per request (HTTP) or connection (stdio, WebSocket). */
export interface ModernFace {
  /** A new 2026 server; a serving entry binds it to the era. */
  createServer(context?: EndpointContext): ModernServer | Promise<ModernServer>;
}

/** Per-connection settings of {@link McpEndpoint.serveChannel}. */
export interface ChannelOptions {
  /** The connection's session id and credentials, handed to the faces' factories. */
  context?: EndpointContext;
  /** Receives this connection's failures (a transport's own errors). Default: the endpoint's `onError`. */
  onError?: (error: Error) => void;
}

/** The endpoint's 2026 listen bounds, as the transports apply them. */
export interface ListenLimits {
  /** Endpoint-wide bound. */
  readonly maxListenStreams: number;
  /** Per-client bound. */
  readonly maxListenStreamsPerClient: number;
  /** The endpoint-wide count shared by every channel it serves. */
  readonly slots: ListenSlots;
}

/**
 * One MCP endpoint over one backend: both protocol faces, their settings, and the event bus. Every
 * transport serves through it, and the era is decided once at the entry — by a channel's opening
 * message ({@link McpEndpoint.serveChannel}) or an HTTP request ({@link McpEndpoint.http}); nothing
 * below the entry asks again.
 */
export interface McpEndpoint {
  /** The 2025-11-25 face. */
  readonly legacy: LegacyFace;
  /** The 2026-07-28 face; absent for an endpoint serving 2025 only (see {@link endpointOfFactories}). */
  readonly modern: ModernFace | undefined;
  /** The bus 2026 `subscriptions/listen` streams read; undefined when nothing publishes. */
  readonly eventBus: ServerEventBus | undefined;
  /** The 2026 listen bounds. */
  readonly listen: ListenLimits;
  /** Receives failures that are not a client's to see. */
  readonly onError: (error: Error) => void;
  /** The endpoint's `tools/call` buckets, for a transport that refuses calls before serving them. */
  readonly rateLimiter?: RateLimiter | undefined;
  /**
   * Serves one long-lived connection (stdio, a WebSocket) in the era its opening message picks:
   * an `initialize` (or a message without the envelope) pins the 2025 face, a request carrying
   * the 2026 `_meta` envelope the 2026 face. Framing and size limits stay the transport's.
   */
  serveChannel(transport: Transport, options?: ChannelOptions): ServedChannel;
  /**
   * The 2026 leg of one HTTP transport (the SDK's fetch-shaped entry, tuned by `options`):
   * `isModern(post)` decides a POST's era once, `handle(request)` answers a 2026 one. Undefined
   * for an endpoint without the 2026 face.
   */
  http(options?: HttpEntryOptions): HttpEntry | undefined;
  /**
   * Answers one 2026-07-28 HTTP request through a default entry (for fetch-style frameworks); the
   * caller serves 2025 traffic (`http().isModern` tells which).
   */
  handleHttp(request: Request, init?: HttpRequestInit): Promise<Response>;
  /** Ends in-flight 2026 HTTP exchanges and stops publishing backend events. */
  close(): Promise<void>;
}

/**
 * Creates the endpoint of `backend`: the 2025 face (`createMcpServer`, SDK v1, sessionful) and
 * the 2026 face (`createModernMcpServer`, SDK v2, stateless) with one set of settings, one
 * listener on the backend's events (fanned out to 2025 sessions and published on the 2026 event
 * bus) and one listen bound. Hand it to `serveStdio`, `createHttpServer`,
 * `createStreamableHttpHandler` or `createWebSocketServer`.
 *
 * @example
 * ```ts
 * import { createMcpEndpoint, createPlainBackend } from "@wasi-mcp/router";
 * import { StdioServerTransport } from "@wasi-mcp/transport-stdio";
 * const endpoint = createMcpEndpoint(createPlainBackend({ name: "demo", version: "1.0.0", tools: [] }));
 * await endpoint.serveChannel(new StdioServerTransport()).closed;
 * await endpoint.close();
 * ```
 */
export function createMcpEndpoint(backend: McpBackend, options: McpEndpointOptions = {}): McpEndpoint {
  const onError = options.onError ?? reportToStderr;
  const hub = new BackendEventHub(backend);
  const events = createEndpointEventBus(hub.listen, options.eventBus, onError);
  // One context: validation checks the numbers once, and 2025 sessions hear the backend through the hub.
  const rateLimiter = options.rateLimits ? new RateLimiter(options.rateLimits) : undefined;
  // One skills catalog for both faces and every session: it is built once per change.
  const skills = options.skills ?? createSkillsProvider(backend, { pageSize: options.pageSize });
  const taskOptions = options.tasks === false ? undefined : resolveTaskOptions(options.tasks);
  const modernTasks = taskOptions ? new ModernTasks(taskOptions) : undefined;
  const legacyTasks = taskOptions ? new LegacyTasks(taskOptions, backend) : undefined;
  const shared = { ...options, rateLimiter, skills, modernTasks, legacyTasks };
  const context = routerContext(backend, shared, hub.listen);
  return endpointOf({
    rateLimiter,
    createServer: () => createLegacyServer(context),
    createModernServer: () => createModernMcpServer(backend, shared),
    eventBus: events.bus,
    maxListenStreams: options.maxListenStreams,
    maxListenStreamsPerClient: options.maxListenStreamsPerClient,
    onError,
    // SEP-2243: `Mcp-Param-*` headers are checked against the tool's `x-mcp-header` parameters.
    toolInputSchema: (name: string) => backend.listTools().find((tool) => tool.name === name)?.inputSchema,
    close: () => {
      modernTasks?.close();
      legacyTasks?.close();
      events.close();
      hub.close();
    },
  });
}

/** Options of {@link endpointOfFactories}: the transports' earlier factory options. */
export interface EndpointFactories {
  /** Makes the 2025 server of a session. */
  createServer: (context: EndpointContext) => Server | Promise<Server>;
  /** Makes the 2026 server of a request or connection; without it, 2025 only. */
  createModernServer?: ((context: EndpointContext) => ModernServer | Promise<ModernServer>) | undefined;
  /** See {@link McpEndpointOptions.eventBus}; nothing is published to it here. */
  eventBus?: ServerEventBus | undefined;
  /** See {@link McpEndpointOptions.maxListenStreams}. */
  maxListenStreams?: number | undefined;
  /** See {@link McpEndpointOptions.maxListenStreamsPerClient}. */
  maxListenStreamsPerClient?: number | undefined;
  /** See {@link McpEndpointOptions.onError}. */
  onError?: ((error: Error) => void) | undefined;
  /**
   * A tool's input schema by name, for the 2026 HTTP entry's `Mcp-Param-*` check (SEP-2243);
   * without it no header is checked. `createMcpEndpoint` takes it from the backend.
   */
  toolInputSchema?: ((name: string) => unknown) | undefined;
}

/**
 * An endpoint over server factories, for the transports' factory options (`createServer`,
 * `createModernServer`), kept so existing callers work unchanged. Prefer {@link createMcpEndpoint}.
 *
 * @example
 * ```ts
 * const endpoint = endpointOfFactories({ createServer: () => createMcpServer(backend) }); // 2025 only
 * ```
 */
export function endpointOfFactories(factories: EndpointFactories): McpEndpoint {
  return endpointOf({ ...factories, onError: factories.onError ?? reportToStderr, close: () => {} });
}

/** A transport's options: an endpoint, or the factory options it replaces. */
export interface TransportEndpointOptions extends Partial<EndpointFactories> {
  /** The endpoint to serve. */
  endpoint?: McpEndpoint | undefined;
}

/** Options that belong to the endpoint when one is given. */
const ENDPOINT_OWNED = [
  "createServer",
  "createModernServer",
  "eventBus",
  "maxListenStreams",
  "maxListenStreamsPerClient",
] as const;

/**
 * The endpoint a transport serves: `options.endpoint`, or one over its factory options. Refuses,
 * with a `TypeError` prefixed by `errorPrefix`, factory options next to an endpoint (they belong
 * to it) and a transport given neither.
 *
 * @example
 * ```ts
 * const endpoint = transportEndpoint(options, "[@wasi-mcp/transport-x]");
 * ```
 */
export function transportEndpoint(options: TransportEndpointOptions, errorPrefix: string): McpEndpoint {
  if (options.endpoint) {
    const clash = ENDPOINT_OWNED.find((name) => options[name] !== undefined);
    if (clash) {
      throw new TypeError(`${errorPrefix} ${clash} belongs to the endpoint: give it to createMcpEndpoint`);
    }
    return options.endpoint;
  }
  const { createServer } = options;
  if (typeof createServer !== "function") {
    throw new TypeError(
      `${errorPrefix} give an endpoint (createMcpEndpoint), or createServer returning a new SDK Server`,
    );
  }
  return endpointOfFactories({ ...options, createServer });
}

function endpointOf(
  parts: EndpointFactories & {
    onError: (error: Error) => void;
    close: () => void;
    rateLimiter?: RateLimiter | undefined;
    toolInputSchema?: ((name: string) => unknown) | undefined;
  },
): McpEndpoint {
  const { onError } = parts;
  const listen = listenLimits(parts.maxListenStreams, parts.maxListenStreamsPerClient);
  const createModern = parts.createModernServer;
  const legacy: LegacyFace = { createServer: (context = {}) => parts.createServer(context) };
  const modern: ModernFace | undefined = createModern && {
    createServer: (context = {}) => createModern(context),
  };
  const http = (options?: HttpEntryOptions) =>
    modern &&
    createHttpEntry(
      {
        createServer: (context) => modern.createServer(context),
        eventBus: parts.eventBus,
        maxListenStreams: listen.maxListenStreams,
        onError,
        toolInputSchema: parts.toolInputSchema,
      },
      options,
    );
  let entry: HttpEntry | undefined;
  return {
    legacy,
    modern,
    eventBus: parts.eventBus,
    listen,
    onError,
    rateLimiter: parts.rateLimiter,
    serveChannel(transport, options = {}) {
      const context = options.context ?? {};
      const report = options.onError ?? onError;
      if (!modern) return serveLegacyChannel(transport, () => legacy.createServer(context), report);
      return serveChannel(transport, {
        createServer: () => legacy.createServer(context),
        createModernServer: () => modern.createServer(context),
        ...(parts.eventBus ? { eventBus: parts.eventBus } : {}),
        maxListenStreams: listen.maxListenStreamsPerClient,
        listenSlots: listen.slots,
        onError: report,
      });
    },
    http,
    async handleHttp(request, init) {
      entry ??= http();
      if (!entry) return new Response("MCP 2026-07-28 is not served here", { status: 404 });
      return entry.handle(request, init);
    },
    async close() {
      parts.close();
      await entry?.close();
    },
  };
}

function listenLimits(endpoint: number | undefined, perClient: number | undefined): ListenLimits {
  const slots = new ListenSlots(endpoint ?? DEFAULT_MAX_LISTEN_STREAMS);
  const client = perClient ?? DEFAULT_MAX_LISTEN_STREAMS_PER_CONNECTION;
  if (!Number.isSafeInteger(client) || client < 1) {
    throw new RangeError(
      `[@wasi-mcp/router] maxListenStreamsPerClient must be a positive integer, got ${client}`,
    );
  }
  return { maxListenStreams: slots.limit, maxListenStreamsPerClient: client, slots };
}

function reportToStderr(error: Error): void {
  process.stderr.write(`${printable(asError(error).message, 1000)}\n`);
}

import { randomUUID } from "node:crypto";
import {
  createServer as createNodeServer,
  type IncomingMessage,
  type Server as NodeHttpServer,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  DEFAULT_MAX_LISTEN_STREAMS,
  type EndpointContext,
  type McpEndpoint,
  type ModernServer,
  printable,
  type ServerEventBus,
  transportEndpoint,
} from "@wasi-mcp/router";
import {
  type Authenticate,
  admit,
  checkOrigin,
  defaultHosts,
  HealthEndpoint,
  MetricsEndpoint,
  type MetricsRoute,
  observeSessions,
  type ProtectedResource,
  type ReadinessCheck,
  ResourceMetadataEndpoint,
} from "@wasi-mcp/transport-http";
import type WebSocket from "ws";
import { WebSocketServer } from "ws";
import { asError, CLOSE_CODES, ERROR_PREFIX } from "./errors.js";
import { SUBPROTOCOL } from "./framing.js";
import { DEFAULT_MAX_BUFFERED_BYTES, WebSocketTransport } from "./websocket-transport.js";

/** What a server factory is told about the connection it serves. */
export interface ConnectionContext {
  /** A random id for this connection (one connection is one MCP session). */
  sessionId: string;
  /** What `authenticate` returned for the upgrade request. */
  authInfo: AuthInfo | undefined;
}

/**
 * Options of {@link createWebSocketServer}.
 *
 * @example
 * ```ts
 * const options: WebSocketServerOptions = { endpoint: createMcpEndpoint(backend), port: 3001 };
 * ```
 */
export interface WebSocketServerOptions {
  /**
   * What each connection serves: the router's `createMcpEndpoint(backend)`. A connection serves
   * the era its opening message picks (the endpoint decides, as the MCP SDK's `serveStdio`
   * does), with the endpoint's settings, listen bounds and event bus. Give it, or `createServer`.
   */
  endpoint?: McpEndpoint;
  /** Makes a new, unconnected SDK `Server` for each connection (the earlier form of `endpoint`). */
  createServer?: (context: ConnectionContext) => Server | Promise<Server>;
  /**
   * With `createServer`: makes the MCP 2026-07-28 server of a connection whose opening message
   * carries the 2026 `_meta` envelope; without it, 2025-era only.
   */
  createModernServer?: (context: ConnectionContext) => ModernServer | Promise<ModernServer>;
  /** With `createServer`: source of the change events of 2026 `subscriptions/listen`. */
  eventBus?: ServerEventBus;
  /** Interface to bind. Default `127.0.0.1`. Ignored with `server`. */
  host?: string;
  /** Port; 0 picks a free one. Default 0. Ignored with `server`. */
  port?: number;
  /** Path of the endpoint. Default `/ws`. */
  path?: string;
  /** An existing `node:http` server to share; upgrades to other paths are left to its other listeners. */
  server?: NodeHttpServer;
  /** Largest accepted frame in bytes; a larger one closes the connection with 1009. Default 4 MiB. */
  maxPayload?: number;
  /**
   * Bytes that may wait to be sent to a client that does not read: still above this after
   * `slowReaderTimeoutMs`, or above 4 × this at once, the connection is closed with 1008. Default 4 MiB.
   */
  maxBufferedBytes?: number;
  /** How long a client's send buffer may stay above `maxBufferedBytes` before it is closed. Default 10 000 ms. */
  slowReaderTimeoutMs?: number;
  /** Ping interval in ms; a client that has not answered the previous ping is dropped. Default 30 000; 0: off. */
  pingIntervalMs?: number;
  /** Most open connections; upgrades beyond get HTTP 503. Default 10 000. */
  maxConnections?: number;
  /** Accepted `Host` names (no port), or `"any"`. Default: loopback names plus the bound host. */
  allowedHosts?: readonly string[] | "any";
  /** Accepted `Origin`s besides those on an allowed host, or `"any"`. Default none. */
  allowedOrigins?: readonly string[] | "any";
  /**
   * Credential check of the upgrade request (e.g. `jwtAuthenticator` or `apiKeyAuthenticator` of
   * `@wasi-mcp/transport-http`); refusal answers HTTP 401, or 403 for an `AuthRefusal` saying
   * `insufficient_scope`. Default: none.
   */
  authenticate?: Authenticate;
  /** `resource_metadata` URL put in the `WWW-Authenticate` header of a refusal (RFC 9728). */
  resourceMetadataUrl?: string;
  /**
   * With an owned HTTP server: publishes RFC 9728 Protected Resource Metadata at the well-known
   * paths and names it in refusals (unless `resourceMetadataUrl` is given), as `createHttpServer`.
   */
  protectedResource?: ProtectedResource;
  /**
   * Serves a metrics page (Prometheus text) at `metrics.path` (default `/metrics`) on the server
   * this creates, behind `authenticate` unless `metrics.open`.
   */
  metrics?: MetricsRoute;
  /**
   * With `createServer`: most open MCP 2026-07-28 `subscriptions/listen` subscriptions of one
   * connection (one client); one more is answered `-32603` "Subscription limit reached".
   * Default 64. (With `endpoint`, the endpoint's own option.)
   */
  maxListenStreamsPerClient?: number;
  /**
   * With `createServer`: most open MCP 2026-07-28 `subscriptions/listen` subscriptions across all
   * connections; one more is answered `-32603` "Subscription limit reached". Default 1024. (With
   * `endpoint`, the endpoint's own option.)
   */
  maxListenStreams?: number;
  /** Receives host-side failures (a server factory that throws). Default: stderr. */
  onError?: (error: Error) => void;
  /**
   * What `/readyz` of an owned HTTP server reports besides draining (ADR 0011 §6). Default: always
   * ready. `/healthz` answers 200 while the process serves.
   */
  readiness?: ReadinessCheck;
}

/** Default `maxListenStreams` of an endpoint: the MCP SDK's own (1024), as the router defines it. */
export { DEFAULT_MAX_LISTEN_STREAMS };

/** A listening MCP WebSocket endpoint. */
export interface McpWebSocketServer {
  /** The endpoint, e.g. `ws://127.0.0.1:3001/ws`. */
  readonly url: URL;
  /** Open connections. */
  readonly connectionCount: number;
  /** Closes every connection with 1001 and stops listening (an owned HTTP server is closed too). */
  close(): Promise<void>;
  /**
   * Graceful stop (SIGTERM): `/readyz` answers 503 at once (upgrades are still accepted for
   * `announceMs`, default 0, so a balancer's health check takes the node out first), then no upgrade
   * is accepted; open
   * connections get up to `graceMs` to end by themselves, then are closed with 1001 (going away:
   * the client reconnects elsewhere). Resolves with whether every connection had ended in time.
   */
  drain(graceMs: number, announceMs?: number): Promise<boolean>;
}

/**
 * Serves MCP over WebSocket: subprotocol `mcp` (required), one JSON-RPC message per text frame,
 * one SDK `Server` per connection, ping/pong keep-alive, a frame size limit and a bounded send
 * buffer. The upgrade request passes the same Host/Origin (DNS-rebinding) and credential checks
 * as `@wasi-mcp/transport-http`. Binds 127.0.0.1 by default.
 *
 * @example
 * ```ts
 * import { createWebSocketServer } from "@wasi-mcp/transport-ws";
 * const server = await createWebSocketServer({ port: 3001, endpoint: createMcpEndpoint(backend) });
 * console.error(`MCP WebSocket endpoint: ${server.url}`); // ws://127.0.0.1:3001/ws
 * ```
 */
export async function createWebSocketServer(options: WebSocketServerOptions): Promise<McpWebSocketServer> {
  const host = options.host ?? "127.0.0.1";
  const path = options.path ?? "/ws";
  if (!path.startsWith("/")) throw new TypeError(`${ERROR_PREFIX} path must start with "/", got "${path}"`);
  const owned = options.server === undefined;
  const health = new HealthEndpoint(options.readiness);
  const metadata = options.protectedResource && new ResourceMetadataEndpoint(options.protectedResource);
  const settings =
    metadata && options.resourceMetadataUrl === undefined
      ? { ...options, resourceMetadataUrl: metadata.url }
      : options;
  const metricsPage =
    options.metrics &&
    new MetricsEndpoint(options.metrics, options.authenticate, settings.resourceMetadataUrl);
  const httpServer =
    options.server ??
    createNodeServer((req, res) => {
      const requested = (req.url ?? "/").split("?")[0] ?? "/";
      if (health.answer(req, res, requested)) return;
      if (metadata?.answer(req, res, requested)) return;
      if (metricsPage?.answer(req, res, requested)) return;
      res
        .writeHead(426, { "content-type": "text/plain", upgrade: "websocket" })
        .end(`Upgrade Required: ${path}\n`);
    });
  const endpoint = new Endpoint(settings, endpointOf(options), path, defaultHosts(host), owned);
  httpServer.on("upgrade", endpoint.handleUpgrade);
  if (owned) await listen(httpServer, options.port ?? 0, host);
  const address = httpServer.address() as AddressInfo;
  const refuseWhileDraining = (_req: IncomingMessage, socket: Duplex) =>
    reject(socket, 503, "Service Unavailable");
  const close = async () => {
    httpServer.off("upgrade", endpoint.handleUpgrade);
    httpServer.off("upgrade", refuseWhileDraining);
    await endpoint.close();
    if (owned) {
      const closed = new Promise<void>((resolve) => {
        if (!httpServer.listening) resolve();
        else httpServer.close(() => resolve());
      });
      httpServer.closeAllConnections();
      await closed;
    }
  };
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: new URL(`ws://${shownHost}:${address.port}${path}`),
    get connectionCount() {
      return endpoint.connections.size;
    },
    close,
    async drain(graceMs, announceMs = 0) {
      health.startDraining();
      if (announceMs > 0) await new Promise((resolve) => setTimeout(resolve, announceMs));
      httpServer.off("upgrade", endpoint.handleUpgrade);
      httpServer.on("upgrade", refuseWhileDraining);
      const ended = await endpoint.settled(graceMs);
      await close();
      return ended;
    },
  };
}

class Endpoint {
  readonly connections = new Set<WebSocket>();
  /** Upgrades between the `maxConnections` check and their connection's start. */
  private upgrading = 0;
  private readonly wss: WebSocketServer;
  private readonly alive = new WeakSet<WebSocket>();
  private readonly ticker: NodeJS.Timeout | undefined;
  private readonly onError: (error: Error) => void;
  private readonly stopObserving: () => void;

  constructor(
    private readonly options: WebSocketServerOptions,
    private readonly served: McpEndpoint,
    private readonly path: string,
    private readonly hosts: string[],
    private readonly owned: boolean,
  ) {
    this.onError = options.onError ?? served.onError;
    this.stopObserving = observeSessions("ws", () => this.connections.size);
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayload ?? 4 * 1024 * 1024,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    });
    const interval = options.pingIntervalMs ?? 30_000;
    if (interval > 0) {
      this.ticker = setInterval(() => this.ping(), interval);
      this.ticker.unref();
    }
  }

  readonly handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    this.upgrade(req, socket, head).catch((error: unknown) => {
      this.onError(asError(error));
      reject(socket, 500, "Internal Server Error");
    });
  };

  /** Resolves true once no connection is open, or false after `timeoutMs`. */
  async settled(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.connections.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(1, deadline - Date.now()))));
    }
    return this.connections.size === 0;
  }

  async close(): Promise<void> {
    this.stopObserving();
    if (this.ticker) clearInterval(this.ticker);
    for (const ws of this.connections) ws.close(CLOSE_CODES.goingAway, "server shutting down");
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    for (const ws of this.connections) ws.terminate();
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    if ((query === -1 ? url : url.slice(0, query)) !== this.path) {
      if (this.owned) reject(socket, 404, "Not Found");
      return;
    }
    const policy = {
      allowedHosts: this.options.allowedHosts ?? this.hosts,
      allowedOrigins: this.options.allowedOrigins ?? [],
    };
    const refusal = checkOrigin(req.headers, policy);
    if (refusal) return reject(socket, 403, refusal);
    const offered = String(req.headers["sec-websocket-protocol"] ?? "")
      .split(",")
      .map((p) => p.trim());
    if (!offered.includes(SUBPROTOCOL))
      return reject(socket, 400, `Bad Request: subprotocol "${SUBPROTOCOL}" required`);
    // Upgrades still being authenticated count too: their `await` would otherwise let many pass
    // this check at once.
    if (this.connections.size + this.upgrading >= (this.options.maxConnections ?? 10_000)) {
      return reject(socket, 503, "Service Unavailable: too many connections");
    }
    this.upgrading++;
    let authInfo: AuthInfo | undefined;
    try {
      const admission = await admit(this.options.authenticate, req, this.options.resourceMetadataUrl);
      if (!admission.ok) return reject(socket, admission.status, admission.message, admission.headers);
      authInfo = admission.authInfo;
    } finally {
      this.upgrading--;
    }
    // handleUpgrade calls back synchronously once the handshake is written, so the connection is
    // counted before any other upgrade is checked.
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      void this.accept(ws, req, authInfo);
    });
  }

  private async accept(ws: WebSocket, req: IncomingMessage, authInfo: AuthInfo | undefined): Promise<void> {
    this.connections.add(ws);
    this.alive.add(ws);
    ws.on("pong", () => this.alive.add(ws));
    ws.once("close", () => this.connections.delete(ws));
    closeAtExpiry(ws, authInfo);
    const sessionId = randomUUID();
    const transport = new WebSocketTransport(ws, {
      maxBufferedBytes: this.options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
      ...(this.options.slowReaderTimeoutMs !== undefined
        ? { slowReaderTimeoutMs: this.options.slowReaderTimeoutMs }
        : {}),
      requestHeaders: req.headers,
      sessionId,
      ...(authInfo ? { authInfo } : {}),
    });
    const context = { sessionId, authInfo };
    if (this.served.modern) {
      this.served.serveChannel(transport, { context });
      return;
    }
    try {
      const server = await this.served.legacy.createServer(context);
      await server.connect(transport);
    } catch (error) {
      this.onError(asError(error));
      ws.close(CLOSE_CODES.internalError, "could not start a server for this connection");
    }
  }

  private ping(): void {
    for (const ws of this.connections) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }
}

/** The endpoint given, or one over the factory options. */
function endpointOf(options: WebSocketServerOptions): McpEndpoint {
  const { createServer, createModernServer } = options;
  const contextOf = (context: EndpointContext): ConnectionContext => ({
    sessionId: context.sessionId ?? "",
    authInfo: context.authInfo,
  });
  return transportEndpoint(
    {
      ...options,
      createServer: createServer && ((context) => createServer(contextOf(context))),
      createModernServer: createModernServer && ((context) => createModernServer(contextOf(context))),
      onError:
        options.onError ?? ((error: Error) => process.stderr.write(`${printable(error.message, 1000)}\n`)),
    },
    ERROR_PREFIX,
  );
}

function listen(server: NodeHttpServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** Answers a refused upgrade with a plain HTTP response and closes the socket. */
function reject(socket: Duplex, status: number, message: string, headers: Record<string, string> = {}): void {
  if (!socket.writable) return;
  const body = `${message}\n`;
  const lines = [
    `HTTP/1.1 ${status} ${message.split(":")[0]}`,
    "Connection: close",
    "Content-Type: text/plain; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${lines.join("\r\n")}\r\n\r\n${body}`);
}

/** Most a timer can wait in Node (about 24.8 days); a later `exp` is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Closes a connection with {@link CLOSE_CODES.tokenExpired} when the token it was authorized with
 * expires (`authInfo.expiresAt`, seconds since the epoch): the upgrade checked it once, and calls
 * after its `exp` must not be served on its strength.
 */
function closeAtExpiry(ws: WebSocket, authInfo: AuthInfo | undefined): void {
  const expiresAt = authInfo?.expiresAt;
  if (expiresAt === undefined) return;
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = expiresAt * 1000 - Date.now();
    if (left <= 0) return ws.close(CLOSE_CODES.tokenExpired, "token expired");
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  ws.once("close", () => clearTimeout(timer));
}

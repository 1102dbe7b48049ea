import { createServer as createNodeServer, type Server as NodeHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ResourceMetadataEndpoint } from "./auth/metadata-endpoint.js";
import type { ProtectedResource } from "./auth/resource-metadata.js";
import { DEFAULT_MAX_CONNECTIONS, limitConnections } from "./connection-limit.js";
import { ERROR_PREFIX, HTTP_ERROR_CODES, writeJsonError } from "./errors.js";
import { HealthEndpoint, type ReadinessCheck, trackRequests } from "./health.js";
import type { StreamableHttpOptions } from "./options.js";
import { LOOPBACK_HOSTS } from "./request-guard.js";
import { createStreamableHttpHandler, type StreamableHttpHandler } from "./streamable-http-handler.js";
import { MetricsEndpoint, type MetricsRoute } from "./telemetry/metrics-endpoint.js";

/**
 * Options of {@link createHttpServer}: where to listen, plus everything of
 * {@link StreamableHttpOptions}.
 */
export interface HttpServerOptions extends StreamableHttpOptions {
  /** Interface to bind. Default `127.0.0.1` (loopback only). */
  host?: string;
  /** Port; 0 picks a free one. Default 0. */
  port?: number;
  /** Path of the MCP endpoint. Default `/mcp`. */
  path?: string;
  /**
   * How long a client may take to send a request's headers, in ms; a slower one gets 408 and is
   * disconnected. Default 10 000.
   */
  headersTimeoutMs?: number;
  /**
   * How long a client may take to send a whole request (headers and body), in ms — a body sent byte
   * by byte, or a socket that stops mid-request, is cut off with 408. Responses (SSE streams) are
   * not limited by it. Default 30 000.
   */
  requestTimeoutMs?: number;
  /**
   * Most open TCP connections, with or without a session; one beyond is answered 503 and closed
   * before its request is read. Default 20 000.
   */
  maxConnections?: number;
  /**
   * What `/readyz` reports besides draining (ADR 0011 §6): e.g. components loaded and the shared
   * store reachable. Default: always ready. `/healthz` answers 200 while the process serves.
   */
  readiness?: ReadinessCheck;
  /**
   * Publishes RFC 9728 Protected Resource Metadata at `/.well-known/oauth-protected-resource`
   * (bare and suffixed with the resource's path) and names it in every 401's `WWW-Authenticate`
   * (unless `resourceMetadataUrl` is given). Pair it with `authenticate` (e.g. `jwtAuthenticator`).
   */
  protectedResource?: ProtectedResource;
  /**
   * Serves a metrics page (Prometheus text) at `metrics.path` (default `/metrics`), behind the
   * same `authenticate` as the MCP endpoint unless `metrics.open`.
   */
  metrics?: MetricsRoute;
}

/** Defaults of the slow-client limits of {@link HttpServerOptions}. */
export const SLOW_CLIENT_DEFAULTS = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 } as const;

/** A listening MCP Streamable HTTP server. */
export interface McpHttpServer {
  /** The endpoint, e.g. `http://127.0.0.1:3000/mcp`. */
  readonly url: URL;
  /** The underlying `node:http` server. */
  readonly httpServer: NodeHttpServer;
  /** The endpoint logic (for its `sessionCount`). */
  readonly handler: StreamableHttpHandler;
  /** Open TCP connections. */
  readonly connectionCount: number;
  /** Closes every session, stops listening and drops open connections. */
  close(): Promise<void>;
  /**
   * Graceful stop (SIGTERM): `/readyz` answers 503 at once while requests are still served for
   * `announceMs` (default 0) — long enough for a balancer's health check to take the node out of
   * rotation, so that no request meets a closed listener — then no new connection is accepted,
   * requests in flight get up to `graceMs` to finish, and every session and stream is closed (clients
   * resume elsewhere with `Last-Event-ID`, after the `retry` their priming event gave). Resolves
   * with whether every in-flight request finished in time.
   */
  drain(graceMs: number, announceMs?: number): Promise<boolean>;
}

/**
 * Starts a `node:http` server with the MCP Streamable HTTP endpoint at `path`; every other path
 * answers 404. Bound to 127.0.0.1 by default; the Host check accepts the loopback names plus the
 * bound host, so binding to a LAN address or a name needs no further option. Binding to a
 * wildcard address (`0.0.0.0`, `::`) keeps the loopback-only Host check until `allowedHosts`
 * lists the names clients use.
 *
 * @example
 * ```ts
 * import { createHttpServer } from "@wasi-mcp/transport-http";
 * import { createMcpServer, createPlainBackend } from "@wasi-mcp/router";
 * const backend = createPlainBackend({ name: "demo", version: "1.0.0", tools: [] });
 * const server = await createHttpServer({ port: 3000, createServer: () => createMcpServer(backend) });
 * console.error(`MCP endpoint: ${server.url}`); // http://127.0.0.1:3000/mcp
 * ```
 */
export async function createHttpServer(options: HttpServerOptions): Promise<McpHttpServer> {
  const {
    host = "127.0.0.1",
    port = 0,
    path = "/mcp",
    headersTimeoutMs = SLOW_CLIENT_DEFAULTS.headersTimeoutMs,
    requestTimeoutMs = SLOW_CLIENT_DEFAULTS.requestTimeoutMs,
    maxConnections = DEFAULT_MAX_CONNECTIONS,
    readiness,
    protectedResource,
    metrics,
    ...rest
  } = options;
  if (!path.startsWith("/")) throw new TypeError(`${ERROR_PREFIX} path must start with "/", got "${path}"`);
  for (const [name, value] of Object.entries({ headersTimeoutMs, requestTimeoutMs, maxConnections })) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`${ERROR_PREFIX} ${name} must be a positive integer, got ${value}`);
    }
  }
  const metadata = protectedResource ? new ResourceMetadataEndpoint(protectedResource) : undefined;
  const handler = createStreamableHttpHandler({
    ...rest,
    ...(metadata && rest.resourceMetadataUrl === undefined ? { resourceMetadataUrl: metadata.url } : {}),
    allowedHosts: rest.allowedHosts ?? defaultHosts(host),
  });
  const slowClientLimits = {
    headersTimeout: Math.min(headersTimeoutMs, requestTimeoutMs),
    requestTimeout: requestTimeoutMs,
    // Node checks both timeouts this often (its default, 30 s, would let a limit slip by that much).
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeoutMs / 4))),
  };
  const health = new HealthEndpoint(readiness);
  const metricsPage =
    metrics && new MetricsEndpoint(metrics, rest.authenticate, rest.resourceMetadataUrl ?? metadata?.url);
  const httpServer = createNodeServer(slowClientLimits, (req, res) => {
    if (connections.refuse(req, res)) return;
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const requested = query === -1 ? url : url.slice(0, query);
    if (requested === path) return handler.handle(req, res);
    if (health.answer(req, res, requested)) return;
    if (metadata?.answer(req, res, requested)) return;
    if (metricsPage?.answer(req, res, requested)) return;
    writeJsonError(res, 404, HTTP_ERROR_CODES.transport, `Not Found: the MCP endpoint is ${path}`);
  });
  const connections = limitConnections(httpServer, maxConnections);
  // A GET on the endpoint is a session's standalone stream: open until the session ends, not a call.
  const inFlight = trackRequests(httpServer, (req) => req.method !== "POST");
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const close = async () => {
    await handler.close();
    const closed = new Promise<void>((resolve) => {
      if (!httpServer.listening) resolve();
      else httpServer.close(() => resolve());
    });
    httpServer.closeAllConnections();
    await closed;
  };
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: new URL(`http://${shownHost}:${address.port}${path}`),
    httpServer,
    handler,
    get connectionCount() {
      return connections.count();
    },
    close,
    async drain(graceMs, announceMs = 0) {
      health.startDraining();
      if (announceMs > 0) await new Promise((resolve) => setTimeout(resolve, announceMs));
      // Stop accepting; idle keep-alive connections are closed so clients reconnect elsewhere.
      httpServer.close();
      httpServer.closeIdleConnections();
      const finished = await inFlight.settled(graceMs);
      await close();
      return finished;
    },
  };
}

/** Loopback names, plus the bound host when it is a specific (non-wildcard) address or name. */
export function defaultHosts(host: string): string[] {
  const bound = host.toLowerCase();
  const wildcard = bound === "0.0.0.0" || bound === "::" || bound === "";
  const name = bound.includes(":") && !bound.startsWith("[") ? `[${bound}]` : bound;
  return wildcard || LOOPBACK_HOSTS.includes(name) ? [...LOOPBACK_HOSTS] : [...LOOPBACK_HOSTS, name];
}

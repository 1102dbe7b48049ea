import type { CreateMcpServerOptions, McpEndpointOptions } from "@wasi-mcp/router";
import {
  type HttpServerOptions,
  InMemoryEventStore,
  type InMemoryEventStoreOptions,
} from "@wasi-mcp/transport-http";
import type { StdioServerTransportOptions } from "@wasi-mcp/transport-stdio";
import type { WebSocketServerOptions } from "@wasi-mcp/transport-ws";
import type { CompositorLimits } from "./config.js";

/**
 * Copies the keys of `from` that are set, renamed as `names` says (`{ theirs: ours }`); `theirs`
 * must be an option of `T`.
 */
function pick<T extends object>(
  from: CompositorLimits,
  names: { [Theirs in keyof T]?: keyof CompositorLimits },
): T {
  const picked: Record<string, number> = {};
  for (const [theirs, ours] of Object.entries(names) as [string, keyof CompositorLimits][]) {
    const value = from[ours];
    if (value !== undefined) picked[theirs] = value;
  }
  return picked as T;
}

/** The limits the router takes (sessions of MCP 2025-11-25, on every transport). */
export const routerLimits = (limits: CompositorLimits): CreateMcpServerOptions =>
  pick<CreateMcpServerOptions>(limits, {
    maxSubscriptionsPerSession: "maxSubscriptionsPerSession",
    maxPendingClientRequests: "maxPendingClientRequests",
    clientRequestTimeoutMs: "clientRequestTimeoutMs",
  });

/** The limits of the stdio transport. */
export const stdioLimits = (limits: CompositorLimits): StdioServerTransportOptions =>
  pick<StdioServerTransportOptions>(limits, {
    maxMessageBytes: "maxMessageBytes",
    maxQueuedBytes: "maxQueuedBytes",
    maxStalledMs: "maxStalledMs",
  });

/** The limits of the endpoint: the router's, and the 2026 listen bounds (on every transport). */
export const endpointLimits = (limits: CompositorLimits): McpEndpointOptions => ({
  ...routerLimits(limits),
  ...pick<McpEndpointOptions>(limits, {
    maxListenStreams: "maxListenStreams",
    maxListenStreamsPerClient: "maxListenStreamsPerClient",
  }),
});

/** The bounds of the HTTP resumption store (`eventStore*`); the store's own defaults for the rest. */
export const eventStoreLimits = (limits: CompositorLimits): InMemoryEventStoreOptions =>
  pick<InMemoryEventStoreOptions>(limits, {
    maxEvents: "eventStoreMaxEvents",
    maxBytes: "eventStoreMaxBytes",
    maxEventsPerSession: "eventStoreMaxEventsPerSession",
    maxBytesPerSession: "eventStoreMaxBytesPerSession",
    ttlMs: "eventStoreTtlMs",
  });

/** The limits of the Streamable HTTP server; an event store of its own when one of its bounds is set. */
export const httpLimits = (limits: CompositorLimits): Partial<HttpServerOptions> => {
  const http = pick<Partial<HttpServerOptions>>(limits, {
    maxBodyBytes: "maxMessageBytes",
    maxSessions: "maxSessions",
    maxConnections: "maxConnections",
    sessionIdleTimeoutMs: "sessionIdleTimeoutMs",
    headersTimeoutMs: "headersTimeoutMs",
    requestTimeoutMs: "requestTimeoutMs",
    maxBufferedBytes: "maxBufferedBytes",
    slowReaderTimeoutMs: "slowReaderTimeoutMs",
  });
  const store = eventStoreLimits(limits);
  return Object.keys(store).length === 0 ? http : { ...http, eventStore: new InMemoryEventStore(store) };
};

/** The limits of the WebSocket server. */
export const wsLimits = (limits: CompositorLimits): Partial<WebSocketServerOptions> =>
  pick<Partial<WebSocketServerOptions>>(limits, {
    maxPayload: "maxMessageBytes",
    maxConnections: "maxConnections",
    maxBufferedBytes: "maxBufferedBytes",
    slowReaderTimeoutMs: "slowReaderTimeoutMs",
    pingIntervalMs: "pingIntervalMs",
  });

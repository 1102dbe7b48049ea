/**
 * @module @wasi-mcp/transport-http
 *
 * MCP Streamable HTTP (protocol 2025-11-25, down to 2025-03-26) on `node:http`, serving any MCP
 * SDK `Server`: one endpoint with POST/GET/DELETE, cryptographically random session ids, SSE
 * streams, `Last-Event-ID` resumption through a pluggable event store, stateless and JSON-response
 * modes, `MCP-Protocol-Version` checks, Host/Origin checks against DNS rebinding, a body limit,
 * a credential hook, CORS and idle-session reaping. A thin adapter by rule: it moves JSON-RPC
 * messages between HTTP and the SDK and adds no MCP features.
 *
 * @example
 * ```ts
 * import { createHttpServer } from "@wasi-mcp/transport-http";
 * const server = await createHttpServer({ port: 3000, createServer: () => makeSdkServer() });
 * ```
 */

// The bus and its 2026 event bus live in the router (the SDK v2 side stays in its 2026 layer).
export {
  busServerEvents,
  InMemoryMessageBus,
  type MessageBus,
  SERVER_EVENTS_CHANNEL,
  type SharedServerEventBus,
} from "@wasi-mcp/router";
export { type ApiKey, apiKeyAuthenticator, readApiKeys } from "./auth/api-keys.js";
export { type JwtOptions, jwtAuthenticator } from "./auth/jwt.js";
export { ResourceMetadataEndpoint } from "./auth/metadata-endpoint.js";
export { type Admission, AuthRefusal, admit } from "./auth/refusal.js";
export {
  metadataPaths,
  metadataUrl,
  PROTECTED_RESOURCE_WELL_KNOWN,
  type ProtectedResource,
  protectedResourceMetadata,
} from "./auth/resource-metadata.js";
export { TOKEN_CACHE_DEFAULTS, type TokenCacheOptions } from "./auth/token-cache.js";
export { DEFAULT_MAX_BODY_BYTES, MAX_BATCH_MESSAGES } from "./body.js";
export { DEFAULT_MAX_CONNECTIONS } from "./connection-limit.js";
export type { CorsOptions } from "./cors.js";
export { ERROR_PREFIX, HTTP_ERROR_CODES } from "./errors.js";
export {
  type DeliveryAwareEventStore,
  EVENT_STORE_DEFAULTS,
  type EventId,
  type EventStore,
  type EventStoreBounds,
  eventStoreBounds,
  InMemoryEventStore,
  type InMemoryEventStoreOptions,
  type SerializedEventStore,
  type StreamId,
} from "./event-store.js";
export {
  HEALTH_PATHS,
  HealthEndpoint,
  type Readiness,
  type ReadinessCheck,
  trackRequests,
} from "./health.js";
export {
  createHttpServer,
  defaultHosts,
  type HttpServerOptions,
  type McpHttpServer,
  SLOW_CLIENT_DEFAULTS,
} from "./http-server.js";
export type {
  Authenticate,
  ModernServerFactory,
  ServerFactory,
  SessionContext,
  StreamableHttpOptions,
} from "./options.js";
export { bearerToken, checkOrigin, LOOPBACK_HOSTS, type OriginPolicy } from "./request-guard.js";
export type { ResponseMode } from "./session-transport.js";
export { InMemorySessionStore, type SessionRecord, type SessionStore } from "./shared-state.js";
export {
  BURST_FACTOR,
  SLOW_READER_DEFAULTS,
  SlowReaderGuard,
  type SlowReaderLimits,
} from "./slow-reader.js";
export { createStreamableHttpHandler, type StreamableHttpHandler } from "./streamable-http-handler.js";
export { MetricsEndpoint, type MetricsRoute } from "./telemetry/metrics-endpoint.js";
export { observeEventStore, observeSessions } from "./telemetry/transport-metrics.js";

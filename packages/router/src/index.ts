/**
 * @module @wasi-mcp/router
 *
 * Routes MCP JSON-RPC methods onto a small {@link McpBackend} interface, on top of the MCP SDK's
 * low-level `Server` (which owns initialize, version negotiation, ping and cancellation). The
 * router adds message screening, validation, pagination, completion, per-session subscriptions
 * and logging levels, and backend events. Knows nothing about Wasm: {@link createPlainBackend}
 * serves plain JavaScript functions.
 *
 * Both protocol revisions are served from one {@link createMcpEndpoint}: the 2025-11-25 face (SDK
 * v1, sessionful) and the 2026-07-28 face (SDK v2, stateless), with the era decided once at the
 * transport's entry. Only `src/modern/` knows the 2026 wire (a test checks it).
 *
 * @example
 * ```ts
 * import { createMcpEndpoint, createPlainBackend } from "@wasi-mcp/router";
 * const endpoint = createMcpEndpoint(createPlainBackend({ name: "demo", version: "1.0.0", tools: [] }));
 * // serveStdio(component, { endpoint }), createHttpServer({ endpoint }), createWebSocketServer({ endpoint })
 * ```
 */

export {
  advertisedCapabilities,
  type CreateMcpServerOptions,
  createMcpServer,
} from "./legacy/create-server.js";
export {
  type BackendEventBus,
  createBackendEventBus,
  publishBackendEvents,
  type ServerEvent,
  type ServerEventBus,
  serverEventOf,
} from "./modern/backend-events.js";
export {
  busServerEvents,
  SERVER_EVENTS_CHANNEL,
  type SharedServerEventBus,
} from "./modern/bus-server-events.js";
export type {
  HttpEntry,
  HttpEntryOptions,
  HttpPostView,
  HttpRequestInit,
} from "./modern/http-entry.js";
export {
  type CreateModernMcpServerOptions,
  createModernMcpServer,
  type ModernServer,
} from "./modern/modern-server.js";
export { type MountBackendOptions, type MountedBackend, mountBackend } from "./modern/mount-backend.js";
export {
  type EnvelopeOptions,
  initializeRequest,
  modernEnvelope,
  modernHeaders,
  modernRequest,
  type RawRequest,
} from "./modern/raw-requests.js";
export { MIN_REQUEST_STATE_KEY_BYTES } from "./modern/request-state.js";
export { MODERN_REVISION, PROTOCOL_REVISIONS } from "./modern/revisions.js";
export {
  DEFAULT_MAX_LISTEN_STREAMS_PER_CONNECTION,
  type ServeChannelOptions,
  type ServedChannel,
  serveChannel,
} from "./modern/serve-channel.js";
export { createSkillsProvider, type SkillsProviderOptions } from "./modern/skills/sdk-skills.js";
export {
  type ChannelOptions,
  createMcpEndpoint,
  type EndpointContext,
  type EndpointFactories,
  endpointOfFactories,
  type LegacyFace,
  type ListenLimits,
  type McpEndpoint,
  type McpEndpointOptions,
  type ModernFace,
  type TransportEndpointOptions,
  transportEndpoint,
} from "./serving/endpoint.js";
export type {
  BackendEvent,
  BackendIdentity,
  BackendRequest,
  ClientBoundRequest,
  CompletionReference,
  McpBackend,
} from "./shared/backend.js";
export type { CacheHint, CacheTarget } from "./shared/cache-hints.js";
export { MAX_COMPLETION_VALUES } from "./shared/completion.js";
export { type InternalErrorReporter, RESOURCE_NOT_FOUND } from "./shared/errors.js";
export {
  type InvocationLog,
  type InvocationRecord,
  metaWithPrincipal,
  PRINCIPAL_META_KEY,
  type Principal,
  principalOf,
} from "./shared/invocations.js";
export { DEFAULT_MAX_LISTEN_STREAMS, ListenSlots } from "./shared/listen-slots.js";
export { matchTemplate, type ParsedTemplate, parseTemplate } from "./shared/lookup.js";
export { InMemoryMessageBus, type MessageBus } from "./shared/message-bus.js";
export {
  createPlainBackend,
  type PlainBackend,
  type PlainBackendDefinition,
  type PlainCompleter,
  type PlainPrompt,
  type PlainResource,
  type PlainResourceTemplate,
  type PlainSubscriptionHooks,
  type PlainTool,
} from "./shared/plain-backend.js";
export { PRINTABLE_MAX_CHARS, printable, printableData } from "./shared/printable.js";
export { RATE_LIMITED, type Rate, RateLimiter, type RateLimits } from "./shared/rate-limits.js";
export { isReplayRequested, ReplayRequested, replayRequested } from "./shared/replay-requested.js";
export { SKILLS_EXTENSION, type SkillBundle, type SkillsProvider } from "./shared/skills.js";
export { type ToolAccess, type ToolScopes, toolAccess } from "./shared/tool-access.js";
export { MemoryTaskStore, type MemoryTaskStoreOptions } from "./tasks/memory-task-store.js";
export {
  DEFAULT_TASK_AFTER_MS,
  DEFAULT_TASK_POLL_INTERVAL_MS,
  DEFAULT_TASK_TTL_MS,
  type TaskOptions,
} from "./tasks/task-options.js";
export {
  type TaskError,
  type TaskPatch,
  type TaskRecord,
  type TaskStatus,
  type TaskStore,
  TaskStoreFull,
  TERMINAL_STATUSES,
} from "./tasks/task-store.js";
export { DURATION_BUCKETS_S, lazyInstruments } from "./telemetry/instruments.js";

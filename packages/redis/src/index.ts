/**
 * @module @wasi-mcp/redis
 *
 * Scale-out over Redis (ADR 0011): the shared state that lets several processes and machines serve
 * one MCP endpoint behind a load balancer — the 2025 session registry ({@link RedisSessionStore}),
 * the bounded SSE event store ({@link RedisEventStore}), a pub/sub {@link RedisMessageBus} (under
 * the 2026 `ServerEventBus` and the 2025 fan-out) and the shared MRTR sealing key
 * ({@link sharedRequestStateKey}). Each implements an interface of `@wasi-mcp/transport-http` or `@wasi-mcp/router`
 * whose in-process implementation is the default; pass them to the endpoint and the transport.
 *
 * @example
 * ```ts
 * import { connectRedis, RedisEventStore, RedisMessageBus, RedisSessionStore } from "@wasi-mcp/redis";
 * import { busServerEvents, createMcpEndpoint } from "@wasi-mcp/router";
 * import { createHttpServer } from "@wasi-mcp/transport-http";
 * const redis = await connectRedis("redis://127.0.0.1:6379");
 * const messageBus = new RedisMessageBus(redis);
 * const endpoint = createMcpEndpoint(backend, {
 *   eventBus: await busServerEvents(messageBus),
 *   requestStateKey: await sharedRequestStateKey(redis),
 * });
 * await createHttpServer({
 *   endpoint,
 *   sessionStore: new RedisSessionStore(redis),
 *   eventStore: new RedisEventStore(redis),
 *   messageBus,
 * });
 * ```
 */
export {
  connectRedis,
  ERROR_PREFIX,
  type RedisConnection,
  type RedisConnectionOptions,
  redacted,
} from "./connection.js";
export { RedisEventStore, type RedisEventStoreOptions } from "./event-store.js";
export { RedisMessageBus } from "./message-bus.js";
export { sharedRequestStateKey } from "./sealing-key.js";
export { RedisSessionStore } from "./session-store.js";

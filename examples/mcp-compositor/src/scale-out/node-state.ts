import {
  connectRedis,
  RedisEventStore,
  RedisMessageBus,
  RedisSessionStore,
  sharedRequestStateKey,
} from "@wasi-mcp/redis";
import type { McpBackend } from "@wasi-mcp/router";
import type {
  EventStore,
  InMemoryEventStoreOptions,
  MessageBus,
  ReadinessCheck,
  SessionStore,
} from "@wasi-mcp/transport-http";
import { ipcState } from "./ipc-state.js";
import { shareBackendEvents } from "./shared-backend.js";

/** Where a node's shared state lives. */
export type StateMode = { kind: "local" } | { kind: "redis"; url: string } | { kind: "ipc" };

/** What one node hands its transports (ADR 0011 §1). */
export interface NodeState {
  /**
   * The backend the node's endpoint serves: the composition, whose events are every node's — so a
   * 2025 session's GET stream and a 2026 `subscriptions/listen` stream held on this node hear a
   * change made on any node, once.
   */
  backend: McpBackend;
  /** Shared 2025 state; absent when local. */
  shared: { sessionStore: SessionStore; eventStore: EventStore; messageBus: MessageBus } | undefined;
  /** The MRTR sealing key; undefined: the router's random per-process key (local only). */
  requestStateKey: Uint8Array | undefined;
  /** What `/readyz` reports. */
  readiness: ReadinessCheck;
  close(): Promise<void>;
}

/**
 * Opens the state of one node: local (today's single process), in Redis (`--redis`), or held by the
 * cluster primary (`--workers N` without Redis). Never falls back from shared to local.
 */
export async function openNodeState(
  backend: McpBackend,
  mode: StateMode,
  options: {
    requestStateKey: Uint8Array | undefined;
    eventStore: InMemoryEventStoreOptions;
    onError: (e: Error) => void;
  },
): Promise<NodeState> {
  if (mode.kind === "local") {
    return {
      backend,
      shared: undefined,
      requestStateKey: options.requestStateKey,
      readiness: () => ({ ok: true }),
      close: async () => {},
    };
  }
  const redis =
    mode.kind === "redis" ? await connectRedis(mode.url, { onError: options.onError }) : undefined;
  const state = redis
    ? {
        sessionStore: new RedisSessionStore(redis),
        eventStore: new RedisEventStore(redis, options.eventStore),
        messageBus: new RedisMessageBus(redis),
      }
    : ipcState();
  const shared = await shareBackendEvents(backend, state.messageBus, options.onError);
  const requestStateKey = options.requestStateKey ?? (redis ? await sharedRequestStateKey(redis) : undefined);
  if (!requestStateKey) throw new Error("a node of several needs the shared requestState key");
  return {
    backend: shared.backend,
    shared: state,
    requestStateKey,
    readiness: redis ? () => redis.check() : () => ({ ok: true }),
    async close() {
      await shared.close();
      if (state.messageBus instanceof RedisMessageBus) await state.messageBus.close();
      await redis?.close();
    },
  };
}

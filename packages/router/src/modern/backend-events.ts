import { InMemoryServerEventBus, type ServerEventBus } from "@modelcontextprotocol/server";
import type { BackendEvent, McpBackend } from "../shared/backend.js";
import { type BackendEventSource, backendEvents } from "../shared/event-hub.js";

/** The SDK's source of `subscriptions/listen` change events (re-exported for the transports). */
export type { ServerEventBus };

/** A change event as the SDK's `subscriptions/listen` machinery takes it. */
export type ServerEvent = Parameters<ServerEventBus["publish"]>[0];

/**
 * The `subscriptions/listen` event of a backend event: list changes and resource updates map one
 * to one; log records and other notifications have no 2026 listen event (2026 has no unsolicited
 * logging), so they map to undefined.
 *
 * @example
 * ```ts
 * serverEventOf({ type: "resource-updated", uri: "notes://a" }); // { kind: "resource_updated", uri: "notes://a" }
 * ```
 */
export function serverEventOf(event: BackendEvent): ServerEvent | undefined {
  switch (event.type) {
    case "tools-list-changed":
      return { kind: "tools_list_changed" };
    case "prompts-list-changed":
      return { kind: "prompts_list_changed" };
    case "resources-list-changed":
      return { kind: "resources_list_changed" };
    case "resource-updated":
      return { kind: "resource_updated", uri: event.uri };
    default:
      return undefined;
  }
}

/** The notification the SDK's stdio listen routing expects from a serving instance for `event`. */
export function changeNotificationOf(event: ServerEvent): { method: string; params?: { uri: string } } {
  switch (event.kind) {
    case "tools_list_changed":
      return { method: "notifications/tools/list_changed" };
    case "prompts_list_changed":
      return { method: "notifications/prompts/list_changed" };
    case "resources_list_changed":
      return { method: "notifications/resources/list_changed" };
    case "resource_updated":
      return { method: "notifications/resources/updated", params: { uri: event.uri } };
  }
}

/**
 * Publishes a backend's list changes (hot reload included) and resource updates on an SDK
 * `ServerEventBus`, the source of every MCP 2026-07-28 `subscriptions/listen` stream: hand the
 * same bus to `createMcpHandler` (HTTP) or {@link serveChannel} (stdio, WebSocket). Returns a
 * function that stops publishing.
 *
 * @example
 * ```ts
 * import { InMemoryServerEventBus } from "@modelcontextprotocol/server";
 * const bus = new InMemoryServerEventBus();
 * const stop = publishBackendEvents(backend, bus);
 * ```
 */
export function publishBackendEvents(backend: McpBackend, bus: ServerEventBus): () => void {
  return createEndpointEventBus(backendEvents(backend), bus, () => {}).close;
}

/** A bus fed by one backend; see {@link createBackendEventBus}. */
export interface BackendEventBus {
  /** The bus to hand to the serving entries. */
  readonly bus: ServerEventBus;
  /** Stops publishing the backend's events. */
  close(): void;
}

/**
 * An in-process `ServerEventBus` (the SDK's `InMemoryServerEventBus`) fed by
 * {@link publishBackendEvents}: what one process serving one backend hands to every transport.
 * A deployment of several replicas implements `ServerEventBus` over its own pub/sub instead.
 *
 * @example
 * ```ts
 * const events = createBackendEventBus(backend);
 * await createHttpServer({ createServer, createModernServer, eventBus: events.bus });
 * ```
 */
export function createBackendEventBus(
  backend: McpBackend,
  onError?: (error: Error) => void,
): BackendEventBus {
  const bus = new InMemoryServerEventBus(onError);
  return { bus, close: publishBackendEvents(backend, bus) };
}

/**
 * The event bus of an endpoint: `bus` (a shared one, or else a new in-process bus) fed with the
 * list changes and resource updates heard from `events` (the endpoint's one listener on its
 * backend). `close` stops publishing; a bus given from outside is not closed.
 */
export function createEndpointEventBus(
  events: BackendEventSource,
  bus: ServerEventBus | undefined,
  onError: (error: Error) => void,
): BackendEventBus {
  const target = bus ?? new InMemoryServerEventBus(onError);
  const stop = events((event) => {
    const serverEvent = serverEventOf(event);
    if (serverEvent) target.publish(serverEvent);
  });
  return { bus: target, close: stop };
}

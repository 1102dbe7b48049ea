import { randomBytes } from "node:crypto";
import type { BackendEvent, McpBackend } from "@wasi-mcp/router";
import type { MessageBus } from "@wasi-mcp/transport-http";

/** The bus channel of the deployment's backend events (2025 fan-out, ADR 0011 §4). */
export const BACKEND_EVENTS_CHANNEL = "backend-events";

/** A backend whose events are every node's, and a function ending the bus subscription. */
export interface SharedBackend {
  readonly backend: McpBackend;
  close(): Promise<void>;
}

/**
 * The backend the 2025 face of one node serves: `backend` itself, except that `onEvent` also
 * delivers the events of the other nodes' backends (list changes, resource updates, log records),
 * which this node publishes its own to. So a 2025 session whose GET stream this node holds hears a
 * change made on any node, once.
 *
 * @example
 * ```ts
 * const shared = await shareBackendEvents(compositor.backend, bus);
 * createHttpServer({ createServer: () => createMcpServer(shared.backend), sessionStore, messageBus: bus });
 * ```
 */
export async function shareBackendEvents(
  backend: McpBackend,
  bus: MessageBus,
  onError: (error: Error) => void,
): Promise<SharedBackend> {
  const origin = randomBytes(8).toString("hex");
  const remote = new Set<(event: BackendEvent) => void>();
  const stopPublishing =
    backend.onEvent?.((event) => {
      bus.publish(BACKEND_EVENTS_CHANNEL, JSON.stringify({ origin, event })).catch(onError);
    }) ?? (() => {});
  const unsubscribe = await bus.subscribe(BACKEND_EVENTS_CHANNEL, (text) => {
    let parsed: { origin: string; event: BackendEvent };
    try {
      parsed = JSON.parse(text) as { origin: string; event: BackendEvent };
    } catch (error) {
      onError(error as Error);
      return;
    }
    if (parsed.origin === origin) return; // this node's own listeners heard it from the backend
    for (const listener of [...remote]) listener(parsed.event);
  });
  const onEvent = (listener: (event: BackendEvent) => void): (() => void) => {
    const stopLocal = backend.onEvent?.(listener) ?? (() => {});
    remote.add(listener);
    return () => {
      stopLocal();
      remote.delete(listener);
    };
  };
  const shared = new Proxy(backend, {
    get(target, property) {
      if (property === "onEvent") return onEvent;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    backend: shared,
    async close() {
      stopPublishing();
      await unsubscribe();
    },
  };
}

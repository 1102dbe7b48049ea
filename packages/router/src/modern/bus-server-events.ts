import type { ServerEventBus } from "@modelcontextprotocol/server";
import { asError } from "../shared/as-error.js";
import type { MessageBus } from "../shared/message-bus.js";

/** The channel of the 2026 `subscriptions/listen` change events on a {@link MessageBus}. */
export const SERVER_EVENTS_CHANNEL = "server-events";

type ServerEvent = Parameters<ServerEventBus["publish"]>[0];

/** A `ServerEventBus` whose events cross nodes; `close` ends its bus subscription. */
export interface SharedServerEventBus extends ServerEventBus {
  close(): Promise<void>;
}

/**
 * The SDK v2 `ServerEventBus` of the 2026 face over a {@link MessageBus}: `publish` sends the
 * event on the bus, and every node's listeners (its `subscriptions/listen` streams) hear every
 * node's events — including this node's, which come back through the bus (ADR 0011 §5).
 *
 * @example
 * ```ts
 * const events = await busServerEvents(new RedisMessageBus(redis));
 * const endpoint = createMcpEndpoint(backend, { eventBus: events });
 * ```
 */
export async function busServerEvents(
  bus: MessageBus,
  onError: (error: Error) => void = () => {},
): Promise<SharedServerEventBus> {
  const listeners = new Set<(event: ServerEvent) => void>();
  const unsubscribe = await bus.subscribe(SERVER_EVENTS_CHANNEL, (text) => {
    let event: ServerEvent;
    try {
      event = JSON.parse(text) as ServerEvent;
    } catch (error) {
      onError(asError(error));
      return;
    }
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        onError(asError(error));
      }
    }
  });
  return {
    publish(event) {
      bus
        .publish(SERVER_EVENTS_CHANNEL, JSON.stringify(event))
        .catch((error: unknown) => onError(asError(error)));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close: unsubscribe,
  };
}

import { EventEmitter } from "node:events";
import type { ServerEventBus } from "@modelcontextprotocol/server";
import { asError } from "./errors.js";

/**
 * What `initialize` (and later `logging/setLevel`, `resources/subscribe`) settled for one MCP
 * 2025 session: enough for any node to rebuild the session's SDK v1 server (ADR 0011 §2). Plain
 * JSON.
 */
export interface SessionRecord {
  /** The protocol version the client asked for at initialize. */
  protocolVersion: string;
  /** `clientId` of the credentials that opened it; later requests must present the same. */
  principal: string | undefined;
  /** The `initialize` request's params (capabilities, clientInfo, protocolVersion). */
  initialize: Record<string, unknown>;
  /** The level of the last `logging/setLevel`, if any. */
  logLevel?: string;
  /** URIs of `resources/subscribe` not yet unsubscribed. */
  subscriptions: string[];
}

/**
 * Where the 2025 sessions of a deployment are kept, so that a node that never saw a session's
 * `initialize` can serve it (ADR 0011 §1). Records expire after `ttlMs` without `touch`.
 */
export interface SessionStore {
  get(id: string): Promise<SessionRecord | undefined>;
  /** Writes (or replaces) a record; it expires after `ttlMs` (0: never). */
  put(id: string, record: SessionRecord, ttlMs: number): Promise<void>;
  /** Slides a record's expiry. */
  touch(id: string, ttlMs: number): Promise<void>;
  delete(id: string): Promise<void>;
}

/**
 * Fire-and-forget pub/sub between the nodes of one deployment (ADR 0011 §1). A publisher hears
 * its own messages too: delivery happens only from the bus, on every node alike.
 */
export interface MessageBus {
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is active; the returned function ends it. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
}

/** A {@link SessionStore} in this process's memory: one process, today's behaviour. */
export class InMemorySessionStore implements SessionStore {
  private readonly records = new Map<string, { record: SessionRecord; expires: number }>();

  /** @param now - the clock, in ms (tests) */
  constructor(private readonly now: () => number = Date.now) {}

  async get(id: string): Promise<SessionRecord | undefined> {
    const entry = this.records.get(id);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.records.delete(id);
      return undefined;
    }
    return structuredClone(entry.record);
  }

  async put(id: string, record: SessionRecord, ttlMs: number): Promise<void> {
    this.sweep();
    this.records.set(id, { record: structuredClone(record), expires: this.expiry(ttlMs) });
  }

  async touch(id: string, ttlMs: number): Promise<void> {
    const entry = this.records.get(id);
    if (entry) entry.expires = this.expiry(ttlMs);
  }

  async delete(id: string): Promise<void> {
    this.records.delete(id);
  }

  private expiry(ttlMs: number): number {
    return ttlMs > 0 ? this.now() + ttlMs : Number.POSITIVE_INFINITY;
  }

  /** Drops expired records, so sessions that were never deleted do not pile up. */
  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.records) if (entry.expires <= now) this.records.delete(id);
  }
}

/** A {@link MessageBus} within this process (an `EventEmitter`). */
export class InMemoryMessageBus implements MessageBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(channel: string, message: string): Promise<void> {
    // Asynchronous like a real bus, so no publisher depends on synchronous delivery.
    queueMicrotask(() => this.emitter.emit(channel, message));
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    this.emitter.on(channel, listener);
    return async () => {
      this.emitter.off(channel, listener);
    };
  }
}

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
 * publishBackendEvents(backend, events);
 * await createHttpServer({ createServer, createModernServer, eventBus: events });
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

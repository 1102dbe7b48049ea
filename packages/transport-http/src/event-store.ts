import type { EventId, EventStore, StreamId } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { ERROR_PREFIX } from "./errors.js";

export type { EventId, EventStore, StreamId };

/**
 * An {@link EventStore} that can be told when a stream's client has received all of it; the
 * transport tells it when an answered POST stream ends with its last byte written. Nothing on such
 * a stream can be asked for again, so such a store need not keep it.
 */
export interface DeliveryAwareEventStore extends EventStore {
  /** The client received every event of `streamId`, and the stream has ended. */
  streamDelivered(streamId: StreamId): Promise<void>;
}

/** Whether a store wants to hear of delivered streams ({@link DeliveryAwareEventStore}). */
export function isDeliveryAware(store: EventStore): store is DeliveryAwareEventStore {
  return typeof (store as Partial<DeliveryAwareEventStore>).streamDelivered === "function";
}

/**
 * An {@link EventStore} that takes a message already serialized: the transport serializes each
 * message once, for the store and for the SSE frame (a 64 KiB tool result was serialized twice).
 */
export interface SerializedEventStore extends EventStore {
  /** Stores `json`, the serialized form of a JSON-RPC message, as `storeEvent` would. */
  storeSerializedEvent(streamId: StreamId, json: string): Promise<EventId>;
}

/**
 * Stores `message`, whose serialized form is `json`, in `store`: without serializing it again where
 * the store takes text ({@link SerializedEventStore}).
 */
export function storeSerialized(
  store: EventStore,
  streamId: StreamId,
  message: JSONRPCMessage,
  json: string,
): Promise<EventId> {
  const serialized = store as Partial<SerializedEventStore>;
  return typeof serialized.storeSerializedEvent === "function"
    ? serialized.storeSerializedEvent.call(store, streamId, json)
    : store.storeEvent(streamId, message);
}

/** Options of {@link InMemoryEventStore}. Every bound holds at once. */
export interface InMemoryEventStoreOptions {
  /** Most events kept over all sessions. Default 10 000. */
  maxEvents?: number;
  /** Most bytes (of serialized messages) kept over all sessions. Default 64 MiB. */
  maxBytes?: number;
  /**
   * Most bytes one session keeps; past it the session's own oldest events go, so that one busy
   * session cannot push other sessions' events out. Default 8 MiB.
   */
  maxBytesPerSession?: number;
  /** Most events one session keeps. Default 2 000. */
  maxEventsPerSession?: number;
  /** How long an event is kept for resumption, in ms. Default 5 minutes. */
  ttlMs?: number;
  /** The clock, in ms (tests). Default `Date.now`. */
  now?: () => number;
}

/**
 * The defaults of {@link InMemoryEventStoreOptions}, sized for a small server: the store holds only
 * what a client may still resume — streams cut off before their answer, and the session's
 * standalone stream — since an answered POST stream is forgotten once written whole.
 */
export const EVENT_STORE_DEFAULTS = {
  maxEvents: 10_000,
  maxBytes: 16 * 1024 * 1024,
  maxBytesPerSession: 4 * 1024 * 1024,
  maxEventsPerSession: 1_000,
  ttlMs: 5 * 60_000,
} as const;

/** Every bound of an event store, defaults applied. */
export type EventStoreBounds = Required<Omit<InMemoryEventStoreOptions, "now">>;

/**
 * The bounds of `options` with {@link EVENT_STORE_DEFAULTS} for the unset ones; throws a prefixed
 * `RangeError` for one that is not a positive integer. Shared by every store that keeps these bounds
 * (this one, and `@wasi-mcp/redis`'s).
 */
export function eventStoreBounds(options: InMemoryEventStoreOptions): EventStoreBounds {
  const limit = (name: keyof typeof EVENT_STORE_DEFAULTS) => {
    const value = options[name] ?? EVENT_STORE_DEFAULTS[name];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`${ERROR_PREFIX} ${name} must be a positive integer, got ${value}`);
    }
    return value;
  };
  return {
    maxEvents: limit("maxEvents"),
    maxBytes: limit("maxBytes"),
    maxBytesPerSession: limit("maxBytesPerSession"),
    maxEventsPerSession: limit("maxEventsPerSession"),
    ttlMs: limit("ttlMs"),
  };
}

interface StoredEvent {
  /** Store-wide sequence number: never reused, increasing within a stream. */
  seq: number;
  /** The message as JSON text: its length is what the byte bounds count. */
  json: string;
  at: number;
}

interface StoredStream {
  session: Session;
  events: StoredEvent[];
  /**
   * The sequence number at or before which this stream's events may be gone: resuming after an
   * earlier event would have a hole. Starts just before the stream's first event.
   */
  droppedUpTo: number;
}

/** What is left of a stream whose events are all gone: enough to resume right after its last. */
interface Tombstone {
  session: Session;
  droppedUpTo: number;
  /** When the stream's last event went, in ms. */
  at: number;
}

interface Session {
  key: string;
  bytes: number;
  count: number;
  /** This session's events, oldest first (entries whose event is gone are skipped lazily). */
  order: EventRef[];
  /** This session's tombstones, oldest first. */
  tombstones: Set<StreamId>;
}

interface EventRef {
  streamId: StreamId;
  seq: number;
}

const SEPARATOR = "#";

/**
 * The default {@link EventStore}: events in memory for `Last-Event-ID` resumption, bounded in
 * events, bytes and age, over all sessions and per session. Event ids are `<streamId>#<sequence>`;
 * a stream id's session is its part before the last `/` (`<session id>/<n>`, as this package's
 * transport names streams). Past a session's own bound its oldest events go; past a global bound
 * the oldest events of all go; events older than `ttlMs` go. Resuming after an event that is gone,
 * or after which events are gone, answers "unknown event id" rather than replaying with a hole.
 *
 * A stream whose events are all gone leaves a small tombstone, so that resuming right after its
 * last event still works (a standalone GET stream that was quiet for a while); tombstones have
 * the event bounds too (`maxEvents` overall, `maxEventsPerSession`, `ttlMs`), so a session that
 * opens a stream per request (every POST does) does not grow the store without limit. Any store
 * implementing the SDK's `EventStore` interface (e.g. one backed by Redis, shared by several
 * processes) can be passed instead.
 *
 * @example
 * ```ts
 * import { createHttpServer, InMemoryEventStore } from "@wasi-mcp/transport-http";
 * createHttpServer({ createServer, eventStore: new InMemoryEventStore({ maxBytes: 256 * 1024 * 1024 }) });
 * ```
 */
export class InMemoryEventStore implements DeliveryAwareEventStore, SerializedEventStore {
  private readonly streams = new Map<StreamId, StoredStream>();
  /** Emptied streams, oldest first (a Map iterates in insertion order). */
  private readonly tombstones = new Map<StreamId, Tombstone>();
  private readonly sessions = new Map<string, Session>();
  /** Every event, oldest first (entries whose event is gone are skipped lazily). */
  private order: EventRef[] = [];
  private readonly limits: Required<Omit<InMemoryEventStoreOptions, "now">>;
  private readonly now: () => number;
  private nextSeq = 0;
  private count = 0;
  private bytes = 0;

  /** @param options - see {@link InMemoryEventStoreOptions} */
  constructor(options: InMemoryEventStoreOptions = {}) {
    this.limits = eventStoreBounds(options);
    this.now = options.now ?? Date.now;
  }

  /** Events currently held (expired ones are forgotten first). */
  get size(): number {
    this.expire(this.now());
    return this.count;
  }

  /** Bytes currently held: the JSON text of the held messages (expired ones are forgotten first). */
  get heldBytes(): number {
    this.expire(this.now());
    return this.bytes;
  }

  /**
   * Streams known (expired ones are forgotten first): those holding events, and the tombstones
   * of those whose events are all gone.
   */
  get streamCount(): { live: number; tombstones: number } {
    this.expire(this.now());
    return { live: this.streams.size, tombstones: this.tombstones.size };
  }

  storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    return this.storeSerializedEvent(streamId, JSON.stringify(message));
  }

  async storeSerializedEvent(streamId: StreamId, json: string): Promise<EventId> {
    const at = this.now();
    this.expire(at);
    const seq = this.nextSeq++;
    let stream = this.streams.get(streamId);
    if (!stream) {
      const tombstone = this.tombstones.get(streamId);
      if (tombstone) this.forgetTombstone(streamId, tombstone);
      stream = {
        session: tombstone?.session ?? this.sessionOf(streamId),
        events: [],
        droppedUpTo: tombstone?.droppedUpTo ?? seq - 1,
      };
      this.streams.set(streamId, stream);
    }
    stream.events.push({ seq, json, at });
    const ref = { streamId, seq };
    const { session } = stream;
    session.order.push(ref);
    this.order.push(ref);
    session.bytes += json.length;
    session.count++;
    this.bytes += json.length;
    this.count++;
    while (
      session.bytes > this.limits.maxBytesPerSession ||
      session.count > this.limits.maxEventsPerSession
    ) {
      if (!this.dropOldest(session.order, at)) break;
    }
    while (this.bytes > this.limits.maxBytes || this.count > this.limits.maxEvents) {
      if (!this.dropOldest(this.order, at)) break;
    }
    this.compact();
    return `${streamId}${SEPARATOR}${seq}`;
  }

  /**
   * Forgets the events of a stream whose client received all of it (an answered POST stream,
   * written whole): nothing on it will be asked for again. Like a stream whose events were pushed
   * out, it leaves a tombstone, so a client resuming after its last event is answered with nothing
   * rather than an error.
   */
  async streamDelivered(streamId: StreamId): Promise<void> {
    const now = this.now();
    this.expire(now);
    const stream = this.streams.get(streamId);
    if (!stream) return;
    const { session } = stream;
    for (const event of stream.events) {
      session.bytes -= event.json.length;
      session.count--;
      this.bytes -= event.json.length;
      this.count--;
      stream.droppedUpTo = event.seq;
    }
    stream.events = [];
    this.bury(streamId, stream, now);
    if (session.count === 0) this.forgetSession(session);
    else this.compactSession(session);
    this.compact();
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    this.expire(this.now());
    const parsed = parseEventId(eventId);
    if (!parsed) return undefined;
    return this.streams.has(parsed.streamId) || this.tombstones.has(parsed.streamId)
      ? parsed.streamId
      : undefined;
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    this.expire(this.now());
    const parsed = parseEventId(lastEventId);
    const stream = parsed && this.streams.get(parsed.streamId);
    const droppedUpTo = stream?.droppedUpTo ?? (parsed && this.tombstones.get(parsed.streamId)?.droppedUpTo);
    // Unknown, never issued, or events after it are gone (evicted or expired): a replay would have
    // a hole.
    if (!parsed || droppedUpTo === undefined || parsed.seq < droppedUpTo || parsed.seq >= this.nextSeq) {
      throw new Error(`${ERROR_PREFIX} unknown event id`);
    }
    for (const event of [...(stream?.events ?? [])]) {
      if (event.seq > parsed.seq) {
        await send(`${parsed.streamId}${SEPARATOR}${event.seq}`, JSON.parse(event.json) as JSONRPCMessage);
      }
    }
    return parsed.streamId;
  }

  private sessionOf(streamId: StreamId): Session {
    const slash = streamId.lastIndexOf("/");
    const key = slash > 0 ? streamId.slice(0, slash) : streamId;
    let session = this.sessions.get(key);
    if (!session) {
      session = { key, bytes: 0, count: 0, order: [], tombstones: new Set() };
      this.sessions.set(key, session);
    }
    return session;
  }

  /** Forgets events and tombstones older than the TTL. */
  private expire(now: number): void {
    const cutoff = now - this.limits.ttlMs;
    for (;;) {
      const oldest = this.liveHead(this.order);
      if (!oldest || oldest.at > cutoff) break;
      this.dropOldest(this.order, now);
    }
    for (const [streamId, tombstone] of this.tombstones) {
      if (tombstone.at > cutoff) break;
      this.forgetTombstone(streamId, tombstone);
    }
  }

  /** The oldest live event of `order` (dead entries at its head are removed on the way). */
  private liveHead(order: EventRef[]): StoredEvent | undefined {
    while (order.length > 0) {
      const ref = order[0] as EventRef;
      const event = this.streams.get(ref.streamId)?.events[0];
      if (event && event.seq === ref.seq) return event;
      order.shift();
    }
    return undefined;
  }

  /** Drops the oldest live event of `order`; false when there is none. */
  private dropOldest(order: EventRef[], now: number): boolean {
    if (!this.liveHead(order)) return false;
    const ref = order.shift() as EventRef;
    const stream = this.streams.get(ref.streamId) as StoredStream;
    const { session } = stream;
    const event = stream.events.shift() as StoredEvent;
    stream.droppedUpTo = event.seq;
    session.bytes -= event.json.length;
    session.count--;
    this.bytes -= event.json.length;
    this.count--;
    // The dropped event was its session's oldest too: clear it from the session's own list.
    this.liveHead(session.order);
    if (stream.events.length === 0) this.bury(ref.streamId, stream, now);
    // A session with nothing left is forgotten whole, tombstones included.
    if (session.count === 0) this.forgetSession(session);
    return true;
  }

  private forgetSession(session: Session): void {
    for (const id of session.tombstones) this.tombstones.delete(id);
    this.sessions.delete(session.key);
  }

  /** Replaces an emptied stream with a tombstone, within the tombstones' own bounds. */
  private bury(streamId: StreamId, stream: StoredStream, now: number): void {
    this.streams.delete(streamId);
    const { session } = stream;
    this.tombstones.set(streamId, { session, droppedUpTo: stream.droppedUpTo, at: now });
    session.tombstones.add(streamId);
    if (session.tombstones.size > this.limits.maxEventsPerSession) {
      const oldest = session.tombstones.values().next().value as StreamId;
      this.forgetTombstone(oldest, this.tombstones.get(oldest) as Tombstone);
    }
    if (this.tombstones.size > this.limits.maxEvents) {
      const [oldest, tombstone] = this.tombstones.entries().next().value as [StreamId, Tombstone];
      this.forgetTombstone(oldest, tombstone);
    }
  }

  private forgetTombstone(streamId: StreamId, tombstone: Tombstone): void {
    this.tombstones.delete(streamId);
    tombstone.session.tombstones.delete(streamId);
  }

  /** Keeps the global order list within twice the live events. */
  private compact(): void {
    if (this.order.length <= 2 * this.count + 64) return;
    this.order = this.order.filter(this.isLive);
  }

  /**
   * Keeps a session's own order list within twice its live events: a delivered stream's events
   * leave dead entries anywhere in it, not only at its head (which `dropOldest` clears).
   */
  private compactSession(session: Session): void {
    if (session.order.length <= 2 * session.count + 64) return;
    session.order = session.order.filter(this.isLive);
  }

  private readonly isLive = (ref: EventRef): boolean => {
    const events = this.streams.get(ref.streamId)?.events;
    return events !== undefined && events.length > 0 && (events[0] as StoredEvent).seq <= ref.seq;
  };
}

function parseEventId(eventId: string): { streamId: string; seq: number } | undefined {
  const at = eventId.lastIndexOf(SEPARATOR);
  if (at <= 0) return undefined;
  const seq = Number(eventId.slice(at + 1));
  if (!Number.isSafeInteger(seq) || seq < 0) return undefined;
  return { streamId: eventId.slice(0, at), seq };
}

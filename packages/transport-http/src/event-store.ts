import type { EventId, EventStore, StreamId } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { ERROR_PREFIX } from "./errors.js";

export type { EventId, EventStore, StreamId };

/** Options of {@link InMemoryEventStore}. */
export interface InMemoryEventStoreOptions {
  /** Most events kept over all streams; least recently written streams are forgotten first. Default 10 000. */
  maxEvents?: number;
}

interface StoredStream {
  events: { seq: number; message: JSONRPCMessage }[];
  nextSeq: number;
}

const SEPARATOR = "#";

/**
 * The default {@link EventStore}: events in memory, bounded by `maxEvents`. Event ids are
 * `<streamId>#<sequence>`, so the stream of an id is known without a lookup table. When the bound
 * is reached, whole streams are forgotten, least recently written first; resuming one of those answers "unknown
 * event id". Any store implementing the SDK's `EventStore` interface (e.g. one backed by Redis,
 * shared by several processes) can be passed instead.
 *
 * @example
 * ```ts
 * import { createHttpServer, InMemoryEventStore } from "@wasi-mcp/transport-http";
 * createHttpServer({ createServer, eventStore: new InMemoryEventStore({ maxEvents: 50_000 }) });
 * ```
 */
export class InMemoryEventStore implements EventStore {
  private readonly streams = new Map<StreamId, StoredStream>();
  private readonly maxEvents: number;
  private count = 0;

  /** @param options - see {@link InMemoryEventStoreOptions} */
  constructor(options: InMemoryEventStoreOptions = {}) {
    const max = options.maxEvents ?? 10_000;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new RangeError(`${ERROR_PREFIX} maxEvents must be a positive integer, got ${max}`);
    }
    this.maxEvents = max;
  }

  /** Events currently held. */
  get size(): number {
    return this.count;
  }

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    let stream = this.streams.get(streamId);
    if (stream) {
      // Re-insert: the Map's order is then least recently written first, the eviction order.
      this.streams.delete(streamId);
    } else {
      stream = { events: [], nextSeq: 0 };
    }
    this.streams.set(streamId, stream);
    const seq = stream.nextSeq++;
    stream.events.push({ seq, message });
    this.count++;
    this.evict(streamId);
    return `${streamId}${SEPARATOR}${seq}`;
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    const parsed = parseEventId(eventId);
    return parsed && this.streams.has(parsed.streamId) ? parsed.streamId : undefined;
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const parsed = parseEventId(lastEventId);
    const stream = parsed && this.streams.get(parsed.streamId);
    if (!parsed || !stream) throw new Error(`${ERROR_PREFIX} unknown event id`);
    for (const event of stream.events) {
      if (event.seq > parsed.seq) await send(`${parsed.streamId}${SEPARATOR}${event.seq}`, event.message);
    }
    return parsed.streamId;
  }

  /** Forgets whole streams, least recently written first, until the bound holds. */
  private evict(current: StreamId): void {
    for (const [id, stream] of this.streams) {
      if (this.count <= this.maxEvents) return;
      if (id === current) {
        // A single stream over the bound loses its oldest events instead.
        const drop = this.count - this.maxEvents;
        stream.events.splice(0, drop);
        this.count -= drop;
        return;
      }
      this.count -= stream.events.length;
      this.streams.delete(id);
    }
  }
}

function parseEventId(eventId: string): { streamId: string; seq: number } | undefined {
  const at = eventId.lastIndexOf(SEPARATOR);
  if (at <= 0) return undefined;
  const seq = Number(eventId.slice(at + 1));
  if (!Number.isSafeInteger(seq) || seq < 0) return undefined;
  return { streamId: eventId.slice(0, at), seq };
}

import { createHash } from "node:crypto";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import {
  type DeliveryAwareEventStore,
  type EventId,
  type EventStoreBounds,
  eventStoreBounds,
  type InMemoryEventStoreOptions,
  type StreamId,
} from "@wasi-mcp/transport-http";
import { ERROR_PREFIX, type RedisConnection } from "./connection.js";
import { REPLAY_AFTER, STORE_EVENT, STREAM_DELIVERED, STREAM_KNOWN } from "./event-store-scripts.js";

/** Options of {@link RedisEventStore}: the bounds of the in-memory store, holding in Redis. */
export type RedisEventStoreOptions = Omit<InMemoryEventStoreOptions, "now"> & {
  /** The clock, in ms (tests). Default `Date.now`. */
  now?: () => number;
};

/**
 * The SSE event store of a deployment in Redis (ADR 0011 §3): a client whose stream broke resumes
 * it with `Last-Event-ID` on any node. The bounds of `InMemoryEventStore` hold in Redis with the
 * same defaults and meaning — events and bytes over all sessions and per session (oldest go
 * first), and age — each store one atomic script. Event ids are `<streamId>#<sequence>`; a stream
 * id's session is its part before the last `/`, as the transport names streams. Resuming after an
 * event past which events are gone answers "unknown event id", never a replay with a hole.
 *
 * @example
 * ```ts
 * const eventStore = new RedisEventStore(connection, { maxBytes: 256 * 1024 * 1024 });
 * await createHttpServer({ createServer, eventStore });
 * ```
 */
export class RedisEventStore implements DeliveryAwareEventStore {
  private readonly limits: EventStoreBounds;
  private readonly now: () => number;
  private readonly prefix: string;

  constructor(
    private readonly connection: RedisConnection,
    options: RedisEventStoreOptions = {},
  ) {
    this.limits = eventStoreBounds(options);
    this.now = options.now ?? Date.now;
    // One hash tag: a Redis Cluster keeps every key of the store on one shard (the scripts touch many).
    this.prefix = `${connection.keyPrefix}{events}:`;
  }

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const { maxEvents, maxBytes, maxEventsPerSession, maxBytesPerSession } = this.limits;
    const id = await this.run(
      STORE_EVENT,
      streamId,
      JSON.stringify(message),
      maxEvents,
      maxBytes,
      maxEventsPerSession,
      maxBytesPerSession,
    );
    return String(id);
  }

  async streamDelivered(streamId: StreamId): Promise<void> {
    await this.run(STREAM_DELIVERED, streamId);
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    const streamId = streamOf(eventId);
    if (streamId === undefined) return undefined;
    return (await this.run(STREAM_KNOWN, streamId)) === 1 ? streamId : undefined;
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const streamId = streamOf(lastEventId);
    const found = streamId === undefined ? null : await this.run(REPLAY_AFTER, lastEventId);
    if (streamId === undefined || !Array.isArray(found)) throw new Error(`${ERROR_PREFIX} unknown event id`);
    for (let i = 0; i + 1 < found.length; i += 2) {
      await send(`${streamId}#${String(found[i])}`, JSON.parse(String(found[i + 1])) as JSONRPCMessage);
    }
    return streamId;
  }

  /** Runs a script by its SHA1 (sent whole only when Redis does not have it: after a restart). */
  private async run(script: string, ...args: (string | number)[]): Promise<unknown> {
    const argv = [this.prefix, this.now(), this.limits.ttlMs, ...args];
    const sha = sha1(script);
    try {
      return await this.connection.redis.evalsha(sha, 0, ...argv);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return await this.connection.redis.eval(script, 0, ...argv);
    }
  }
}

/** The stream id of `<streamId>#<sequence>`, or undefined for anything else. */
function streamOf(eventId: EventId): StreamId | undefined {
  const sep = eventId.lastIndexOf("#");
  if (sep <= 0 || !/^\d+$/.test(eventId.slice(sep + 1))) return undefined;
  return eventId.slice(0, sep);
}

const hashes = new Map<string, string>();

function sha1(script: string): string {
  let hash = hashes.get(script);
  if (!hash) {
    hash = createHash("sha1").update(script).digest("hex");
    hashes.set(script, hash);
  }
  return hash;
}

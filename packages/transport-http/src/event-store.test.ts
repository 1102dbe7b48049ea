import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { type EventStore, InMemoryEventStore, storeSerialized } from "./event-store.js";

const note = (n: number): JSONRPCMessage => ({
  jsonrpc: "2.0",
  method: "notifications/message",
  params: { n },
});

async function replay(store: InMemoryEventStore, after: string): Promise<[string, JSONRPCMessage][]> {
  const out: [string, JSONRPCMessage][] = [];
  await store.replayEventsAfter(after, {
    send: async (id, message) => {
      out.push([id, message]);
    },
  });
  return out;
}

describe("InMemoryEventStore", () => {
  it("replays the events of one stream after an id, in order, and names the stream", async () => {
    const store = new InMemoryEventStore();
    const a0 = await store.storeEvent("s/a", note(0));
    await store.storeEvent("s/b", note(99));
    const a1 = await store.storeEvent("s/a", note(1));
    const a2 = await store.storeEvent("s/a", note(2));
    expect(await replay(store, a0)).toEqual([
      [a1, note(1)],
      [a2, note(2)],
    ]);
    expect(await replay(store, a2)).toEqual([]);
    expect(await store.getStreamIdForEventId(a1)).toBe("s/a");
    expect(await store.replayEventsAfter(a0, { send: async () => {} })).toBe("s/a");
  });

  it("rejects unknown or malformed ids", async () => {
    const store = new InMemoryEventStore();
    await expect(replay(store, "s/x#0")).rejects.toThrow(/unknown event id/);
    await expect(replay(store, "garbage")).rejects.toThrow(/unknown event id/);
    expect(await store.getStreamIdForEventId("s/x#-1")).toBeUndefined();
  });

  it("stays within maxEvents by forgetting the oldest events, and refuses a replay with a hole", async () => {
    const store = new InMemoryEventStore({ maxEvents: 3 });
    const a0 = await store.storeEvent("s1/a", note(0));
    const b1 = await store.storeEvent("s2/b", note(1));
    const a2 = await store.storeEvent("s1/a", note(2));
    await store.storeEvent("s3/c", note(3)); // over the bound: a0, the oldest, goes
    expect(store.size).toBe(3);
    // Resuming after a0 would skip nothing (a2 follows it)... but a0 itself is gone:
    expect(await replay(store, a0)).toEqual([[a2, note(2)]]);
    expect(await replay(store, b1)).toEqual([]);
    await store.storeEvent("s3/c", note(4)); // b1 goes, and with it session s2
    expect(await store.getStreamIdForEventId(b1)).toBeUndefined();
    await store.storeEvent("s3/c", note(5)); // a2 goes: after a0 there is now a hole
    await expect(replay(store, a0)).rejects.toThrow(/unknown event id/);
  });

  it("trims a single stream over the bound from its oldest events", async () => {
    const store = new InMemoryEventStore({ maxEvents: 2 });
    const first = await store.storeEvent("s/x", note(0));
    const second = await store.storeEvent("s/x", note(1));
    await store.storeEvent("s/x", note(2));
    expect(store.size).toBe(2);
    expect((await replay(store, first)).map(([, m]) => m)).toEqual([note(1), note(2)]);
    await store.storeEvent("s/x", note(3));
    await expect(replay(store, first)).rejects.toThrow(/unknown event id/);
    expect((await replay(store, second)).map(([, m]) => m)).toEqual([note(2), note(3)]);
    expect(() => new InMemoryEventStore({ maxEvents: 0 })).toThrow(/^\[@wasi-mcp\/transport-http\]/);
  });

  it("bounds bytes overall and per session: a busy session drops its own events, not others'", async () => {
    const big = (n: number): JSONRPCMessage => ({
      jsonrpc: "2.0",
      method: "m",
      params: { pad: "x".repeat(1000), n: String(n).padStart(4, "0") },
    });
    const size = JSON.stringify(big(0)).length;
    const store = new InMemoryEventStore({ maxBytes: size * 10, maxBytesPerSession: size * 4 });
    const quiet = await store.storeEvent("quiet/1", big(0));
    for (let n = 1; n <= 100; n++) await store.storeEvent("busy/1", big(n));
    expect(store.heldBytes).toBe(size * 5);
    expect(await replay(store, quiet)).toEqual([]); // the quiet session's event is still held
    expect(await store.getStreamIdForEventId(quiet)).toBe("quiet/1");
    // Enough sessions at their own bound push the oldest out overall.
    for (const name of ["b", "c", "d"])
      for (let n = 0; n < 4; n++) await store.storeEvent(`${name}/1`, big(n));
    expect(store.heldBytes).toBeLessThanOrEqual(size * 10);
    expect(await store.getStreamIdForEventId(quiet)).toBeUndefined();
  });

  it("bounds events per session", async () => {
    const store = new InMemoryEventStore({ maxEventsPerSession: 5 });
    const first = await store.storeEvent("s/1", note(0));
    for (let n = 1; n < 50; n++) await store.storeEvent(`s/${n % 3}`, note(n));
    expect(store.size).toBe(5);
    await expect(replay(store, first)).rejects.toThrow(/unknown event id/);
  });

  it("forgets events older than ttlMs", async () => {
    let now = 1_000_000;
    const store = new InMemoryEventStore({ ttlMs: 1_000, now: () => now });
    const old = await store.storeEvent("s/1", note(0));
    now += 600;
    const newer = await store.storeEvent("s/1", note(1));
    now += 600; // the first is 1 200 ms old now (gone), the second 600 ms
    expect(store.size).toBe(1);
    expect(await replay(store, old)).toEqual([[newer, note(1)]]); // nothing after it is missing
    expect((await replay(store, newer)).length).toBe(0);
    now += 1_000;
    expect(await store.getStreamIdForEventId(newer)).toBeUndefined();
    expect(store.size).toBe(0);
    expect(store.heldBytes).toBe(0);
  });

  it("forgets the streams of finished requests: one stream per POST keeps the bookkeeping bounded", async () => {
    // The transport opens a stream per POST (`<session>/<n>`); each is finished after its answer.
    const store = new InMemoryEventStore({ maxEvents: 100, maxEventsPerSession: 10 });
    for (let n = 0; n < 50_000; n++) await store.storeEvent(`s${n % 4}/${n}`, note(n));
    expect(store.size).toBeLessThanOrEqual(100);
    const { live, tombstones } = store.streamCount;
    expect(live).toBeLessThanOrEqual(4 * 10);
    expect(tombstones).toBeLessThanOrEqual(4 * 10);
    // Tombstones expire with the events' TTL too.
    let now = 0;
    const aging = new InMemoryEventStore({ ttlMs: 1_000, maxEventsPerSession: 1, now: () => now });
    for (let n = 0; n < 10; n++) await aging.storeEvent(`s/${n}`, note(n));
    expect(aging.streamCount).toEqual({ live: 1, tombstones: 1 });
    now += 2_000;
    await aging.storeEvent("t/0", note(0));
    expect(aging.streamCount).toEqual({ live: 1, tombstones: 0 });
  });

  it("resumes right after the last event of a quiet stream whose events were pushed out", async () => {
    const store = new InMemoryEventStore({ maxEventsPerSession: 3 });
    const priming = await store.storeEvent("s/get", note(0)); // the GET stream, then quiet
    for (let n = 1; n <= 5; n++) await store.storeEvent(`s/${n}`, note(n)); // POSTs push it out
    expect(await replay(store, priming)).toEqual([]); // nothing was missed: no hole
    const later = await store.storeEvent("s/get", note(6));
    expect(await replay(store, priming)).toEqual([[later, note(6)]]);
  });

  it("never replays with a hole a stream it forgot entirely and then saw again", async () => {
    const store = new InMemoryEventStore({ maxEventsPerSession: 1 });
    const first = await store.storeEvent("s/get", note(0));
    await store.storeEvent("s/get", note(1)); // `first` goes
    await store.storeEvent("s/1", note(2)); // the GET stream's last event goes: a tombstone
    await store.storeEvent("s/2", note(3)); // s/1 is buried: the session's one tombstone slot
    await store.storeEvent("s/get", note(4)); // the GET stream again, its past forgotten
    await expect(replay(store, first)).rejects.toThrow(/unknown event id/);
    await expect(replay(store, "s/get#999")).rejects.toThrow(/unknown event id/); // never issued
  });

  it("forgets a delivered stream, leaving a tombstone: resuming after its end replays nothing", async () => {
    const store = new InMemoryEventStore();
    const get = await store.storeEvent("s/get", note(0));
    const priming = await store.storeEvent("s/1", note(1));
    const answer = await store.storeEvent("s/1", note(2));
    await store.streamDelivered("s/1");
    expect(store.size).toBe(1); // the standalone stream's event only
    expect(store.heldBytes).toBe(JSON.stringify(note(0)).length);
    expect(store.streamCount).toEqual({ live: 1, tombstones: 1 });
    expect(await replay(store, answer)).toEqual([]);
    await expect(replay(store, priming)).rejects.toThrow(/unknown event id/); // never a hole
    expect(await replay(store, get)).toEqual([]);
    await store.streamDelivered("s/unknown"); // nothing to do
    await store.streamDelivered("s/get");
    expect(store.size).toBe(0);
    expect(store.streamCount).toEqual({ live: 0, tombstones: 0 }); // the session, gone whole
  });

  it("keeps a session's bookkeeping bounded while its delivered streams come and go", async () => {
    // A quiet standalone stream's event heads the session's list for its whole TTL while POST
    // streams behind it are delivered and forgotten.
    const store = new InMemoryEventStore();
    await store.storeEvent("s/get", note(0));
    for (let n = 1; n <= 20_000; n++) {
      await store.storeEvent(`s/${n}`, note(n));
      await store.storeEvent(`s/${n}`, note(n));
      await store.streamDelivered(`s/${n}`);
    }
    expect(store.size).toBe(1);
    const internals = store as unknown as {
      order: unknown[];
      sessions: Map<string, { order: unknown[] }>;
    };
    expect(internals.order.length).toBeLessThanOrEqual(2 + 64);
    expect(internals.sessions.get("s")?.order.length).toBeLessThanOrEqual(2 + 64);
  });

  it("keeps its bookkeeping bounded under long churn", async () => {
    const store = new InMemoryEventStore({ maxEvents: 100, maxEventsPerSession: 10 });
    for (let n = 0; n < 50_000; n++) await store.storeEvent(`s${n % 37}/${n % 3}`, note(n));
    expect(store.size).toBeLessThanOrEqual(100);
    const internals = store as unknown as { order: unknown[]; streams: Map<string, unknown> };
    expect(internals.order.length).toBeLessThanOrEqual(2 * 100 + 64);
    expect(internals.streams.size).toBeLessThanOrEqual(37 * 3);
  });
});

describe("storeSerialized", () => {
  it("hands the in-memory store the text the transport serialized, which it replays as the message", async () => {
    const store = new InMemoryEventStore();
    const json = JSON.stringify(note(7));
    const first = await store.storeEvent("s-1", note(0));
    const id = await storeSerialized(store, "s-1", note(7), json);
    expect(await replay(store, first)).toEqual([[id, note(7)]]);
    expect(store.heldBytes).toBe(json.length + JSON.stringify(note(0)).length);
  });

  it("gives a store that takes messages the message", async () => {
    const stored: [string, JSONRPCMessage][] = [];
    const store: EventStore = {
      storeEvent: async (streamId, message) => {
        stored.push([streamId, message]);
        return `${streamId}#1`;
      },
      replayEventsAfter: async () => "s-1",
    };
    expect(await storeSerialized(store, "s-1", note(3), "ignored")).toBe("s-1#1");
    expect(stored).toEqual([["s-1", note(3)]]);
  });
});

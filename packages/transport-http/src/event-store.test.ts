import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { InMemoryEventStore } from "./event-store.js";

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

  it("stays within maxEvents by forgetting the least recently written streams", async () => {
    const store = new InMemoryEventStore({ maxEvents: 3 });
    const old = await store.storeEvent("old", note(0));
    const keep = await store.storeEvent("keep", note(1));
    await store.storeEvent("old", note(2)); // "old" is now the most recently written
    await store.storeEvent("new", note(3)); // over the bound: "keep" goes
    expect(store.size).toBe(3);
    expect(await store.getStreamIdForEventId(keep)).toBeUndefined();
    expect((await replay(store, old)).length).toBe(1);
  });

  it("trims a single stream over the bound from its oldest events", async () => {
    const store = new InMemoryEventStore({ maxEvents: 2 });
    const first = await store.storeEvent("s", note(0));
    await store.storeEvent("s", note(1));
    await store.storeEvent("s", note(2));
    expect(store.size).toBe(2);
    expect((await replay(store, first)).map(([, m]) => m)).toEqual([note(1), note(2)]);
    expect(() => new InMemoryEventStore({ maxEvents: 0 })).toThrow(/^\[@wasi-mcp\/transport-http\]/);
  });
});

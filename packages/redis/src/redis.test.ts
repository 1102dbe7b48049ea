import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { type RedisProcess, requireBinary, startRedis } from "@wasi-mcp/test-kit/process";
import { busServerEvents, InMemoryMessageBus, type MessageBus } from "@wasi-mcp/transport-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectRedis, type RedisConnection } from "./connection.js";
import { RedisEventStore } from "./event-store.js";
import { RedisMessageBus } from "./message-bus.js";
import { sharedRequestStateKey } from "./sealing-key.js";
import { RedisSessionStore } from "./session-store.js";

const binary = requireBinary("redis-server", ["/usr/bin/redis-server"]);

const note = (n: number): JSONRPCMessage => ({
  jsonrpc: "2.0",
  method: "notifications/message",
  params: { n },
});

async function replay(store: RedisEventStore, after: string): Promise<string[]> {
  const seen: string[] = [];
  await store.replayEventsAfter(after, {
    send: async (id, message) => {
      seen.push(`${id}=${JSON.stringify((message as { params?: unknown }).params)}`);
    },
  });
  return seen;
}

describe.skipIf(!binary)("@wasi-mcp/redis against a real redis-server", () => {
  let redis: RedisProcess;
  let a: RedisConnection;
  let b: RedisConnection;
  let prefixes = 0;
  const connect = (url: string, keyPrefix: string) => connectRedis(url, { keyPrefix, onError: () => {} });

  beforeAll(async () => {
    redis = await startRedis();
    a = await connect(redis.url, "t:");
    b = await connect(redis.url, "t:");
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.[Symbol.asyncDispose]();
  });

  it("shares session records between connections, with expiry, touch and delete", async () => {
    const one = new RedisSessionStore(a);
    const two = new RedisSessionStore(b);
    const record = {
      protocolVersion: "2025-11-25",
      principal: undefined,
      initialize: { capabilities: {} },
      subscriptions: ["a://x"],
    };
    await one.put("s1", record, 200);
    expect(await two.get("s1")).toEqual({ ...record, principal: undefined });
    await two.touch("s1", 60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await one.get("s1")).toBeDefined();
    await one.delete("s1");
    expect(await two.get("s1")).toBeUndefined();
    await one.put("s2", record, 50);
    await new Promise((r) => setTimeout(r, 120));
    expect(await two.get("s2")).toBeUndefined();
  });

  it("replays a stream stored through one node from another, and forgets a delivered one", async () => {
    const prefix = `ev${prefixes++}:`;
    const one = new RedisEventStore(await connect(redis.url, prefix));
    const two = new RedisEventStore(await connect(redis.url, prefix));
    const first = await one.storeEvent("sess/1", note(1));
    await one.storeEvent("sess/get", note(99));
    const second = await one.storeEvent("sess/1", note(2));
    await one.storeEvent("sess/1", note(3));
    expect(await two.getStreamIdForEventId(first)).toBe("sess/1");
    expect(await replay(two, first)).toEqual([
      `${second}={"n":2}`,
      expect.stringMatching(/^sess\/1#\d+=\{"n":3\}$/),
    ]);
    await expect(replay(two, "sess/1#999999")).rejects.toThrow(/unknown event id/);
    await expect(replay(two, "nonsense")).rejects.toThrow(/unknown event id/);
    await two.streamDelivered("sess/1");
    // Tombstone: resuming right after the last event gets nothing, not an error.
    const last = (await one.storeEvent("sess/2", note(4))).replace("sess/2", "sess/1");
    expect(await two.getStreamIdForEventId(first)).toBe("sess/1");
    await expect(replay(two, first)).rejects.toThrow(/unknown event id/);
    expect(last).toBeTruthy();
  });

  it("holds the per-session and global bounds, refusing a replay across a hole", async () => {
    const prefix = `ev${prefixes++}:`;
    const store = new RedisEventStore(await connect(redis.url, prefix), {
      maxEventsPerSession: 3,
      maxEvents: 5,
      maxBytes: 10_000,
      maxBytesPerSession: 10_000,
    });
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push(await store.storeEvent("busy/1", note(n)));
    await expect(replay(store, ids[0] as string)).rejects.toThrow(/unknown event id/);
    expect(await replay(store, ids[1] as string)).toHaveLength(3);
    const quiet = await store.storeEvent("quiet/1", note(0));
    for (let n = 0; n < 4; n++) await store.storeEvent(`other${n}/1`, note(n));
    // Global bound 5: the oldest went first — busy's events, then quiet's.
    await expect(replay(store, ids[2] as string)).rejects.toThrow(/unknown event id/);
    expect(await store.getStreamIdForEventId(quiet)).toBe("quiet/1");
    const raw = a.redis;
    expect(await raw.zcard(`${prefix}{events}:all`)).toBe(5);
  });

  it("holds the byte bound and the age bound", async () => {
    const prefix = `ev${prefixes++}:`;
    let now = 1_000_000;
    const store = new RedisEventStore(await connect(redis.url, prefix), {
      maxBytesPerSession: 200,
      ttlMs: 1_000,
      now: () => now,
    });
    const big: JSONRPCMessage = { jsonrpc: "2.0", method: "x", params: { pad: "p".repeat(120) } };
    const one = await store.storeEvent("s/1", big);
    const two = await store.storeEvent("s/1", big);
    // The first went (two of them pass 200 bytes); resuming after it misses nothing.
    expect(await replay(store, one)).toHaveLength(1);
    await store.storeEvent("s/1", big);
    await expect(replay(store, one)).rejects.toThrow(/unknown event id/);
    expect(await replay(store, two)).toHaveLength(1);
    const kept = await store.storeEvent("t/2", note(1));
    const after = await store.storeEvent("t/2", note(2));
    expect(await replay(store, kept)).toEqual([`${after}={"n":2}`]);
    now += 2_000;
    await expect(replay(store, kept)).rejects.toThrow(/unknown event id/);
  });

  it("carries messages and 2026 server events between nodes, echoing to the publisher", async () => {
    const busA = new RedisMessageBus(a);
    const busB = new RedisMessageBus(b);
    const eventsA = await busServerEvents(busA);
    const eventsC = await busServerEvents(busB);
    const heardA: unknown[] = [];
    const heardC: unknown[] = [];
    eventsA.subscribe((event) => heardA.push(event));
    const stop = eventsC.subscribe((event) => heardC.push(event));
    eventsA.publish({ kind: "tools_list_changed" });
    await expect.poll(() => heardC).toEqual([{ kind: "tools_list_changed" }]);
    await expect.poll(() => heardA).toEqual([{ kind: "tools_list_changed" }]);
    stop();
    eventsA.publish({ kind: "resource_updated", uri: "a://b" });
    await expect.poll(() => heardA).toHaveLength(2);
    expect(heardC).toHaveLength(1);
    await eventsA.close();
    await eventsC.close();
    await busA.close();
    await busB.close();
  });

  it("agrees on one sealing key", async () => {
    const [one, two] = await Promise.all([sharedRequestStateKey(a), sharedRequestStateKey(b)]);
    expect(one.byteLength).toBe(32);
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true);
  });

  it("fails fast and reports unready while Redis is down, then recovers", async () => {
    const connection = await connect(redis.url, "down:");
    const store = new RedisSessionStore(connection);
    await redis.stop(true);
    await expect.poll(async () => (await connection.check()).ok, { timeout: 5_000 }).toBe(false);
    const started = Date.now();
    await expect(store.get("x")).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
    await redis.start();
    await expect.poll(async () => (await connection.check()).ok, { timeout: 10_000 }).toBe(true);
    await store.put(
      "x",
      { protocolVersion: "2025-11-25", principal: undefined, initialize: {}, subscriptions: [] },
      0,
    );
    expect(await store.get("x")).toBeDefined();
    await connection.close();
    // a and b reconnect too.
    await expect.poll(async () => (await a.check()).ok, { timeout: 10_000 }).toBe(true);
  });
});

describe("the in-process bus under busServerEvents", () => {
  it("delivers to every subscriber, the publisher's own included", async () => {
    const bus: MessageBus = new InMemoryMessageBus();
    const events = await busServerEvents(bus);
    const heard: unknown[] = [];
    events.subscribe((event) => heard.push(event));
    events.publish({ kind: "prompts_list_changed" });
    await expect.poll(() => heard).toEqual([{ kind: "prompts_list_changed" }]);
    await events.close();
  });
});

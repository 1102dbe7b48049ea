import { InMemoryEventStore } from "@wasi-mcp/transport-http";
import { describe, expect, it } from "vitest";
import {
  endpointLimits,
  eventStoreLimits,
  httpLimits,
  routerLimits,
  stdioLimits,
  wsLimits,
} from "./limits.js";

describe("a configuration's limits, per transport", () => {
  const all = {
    maxMessageBytes: 1,
    maxSessions: 2,
    maxConnections: 3,
    sessionIdleTimeoutMs: 0,
    headersTimeoutMs: 5,
    requestTimeoutMs: 6,
    maxBufferedBytes: 7,
    slowReaderTimeoutMs: 8,
    pingIntervalMs: 9,
    maxQueuedBytes: 10,
    maxStalledMs: 11,
    maxSubscriptionsPerSession: 12,
    maxPendingClientRequests: 13,
    clientRequestTimeoutMs: 14,
    maxListenStreams: 15,
    maxListenStreamsPerClient: 16,
  };

  it("gives each transport its own, under its own names (maxMessageBytes is the body, the frame, the line)", () => {
    expect(httpLimits(all)).toEqual({
      maxBodyBytes: 1,
      maxSessions: 2,
      maxConnections: 3,
      sessionIdleTimeoutMs: 0,
      headersTimeoutMs: 5,
      requestTimeoutMs: 6,
      maxBufferedBytes: 7,
      slowReaderTimeoutMs: 8,
    });
    expect(wsLimits(all)).toEqual({
      maxPayload: 1,
      maxConnections: 3,
      maxBufferedBytes: 7,
      slowReaderTimeoutMs: 8,
      pingIntervalMs: 9,
    });
    expect(stdioLimits(all)).toEqual({ maxMessageBytes: 1, maxQueuedBytes: 10, maxStalledMs: 11 });
    expect(endpointLimits(all)).toEqual({
      maxSubscriptionsPerSession: 12,
      maxPendingClientRequests: 13,
      clientRequestTimeoutMs: 14,
      maxListenStreams: 15,
      maxListenStreamsPerClient: 16,
    });
    expect(routerLimits(all)).toEqual({
      maxSubscriptionsPerSession: 12,
      maxPendingClientRequests: 13,
      clientRequestTimeoutMs: 14,
    });
  });

  it("gives the HTTP server an event store bounded by the eventStore* limits, and none when unset", async () => {
    const store = httpLimits({ eventStoreMaxEvents: 5 }).eventStore as InMemoryEventStore;
    expect(store).toBeInstanceOf(InMemoryEventStore);
    for (let n = 0; n < 8; n++) await store.storeEvent(`s/${n}`, { jsonrpc: "2.0", method: "ping", id: n });
    expect(store.size).toBe(5);
    expect(
      eventStoreLimits({ eventStoreMaxEvents: 5, eventStoreMaxBytesPerSession: 7, maxSessions: 2 }),
    ).toEqual({
      maxEvents: 5,
      maxBytesPerSession: 7,
    });
    expect(httpLimits({ maxSessions: 2 }).eventStore).toBeUndefined();
  });

  it("leaves unset ones out, so the defaults apply", () => {
    expect(httpLimits({})).toEqual({});
    expect(stdioLimits({ maxSessions: 4 })).toEqual({});
  });
});

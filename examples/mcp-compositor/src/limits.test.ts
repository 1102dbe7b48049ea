import { describe, expect, it } from "vitest";
import { httpLimits, routerLimits, stdioLimits, stdioServeLimits, wsLimits } from "./limits.js";

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
      maxListenStreams: 15,
      maxListenStreamsPerClient: 16,
    });
    expect(wsLimits(all)).toEqual({
      maxPayload: 1,
      maxConnections: 3,
      maxBufferedBytes: 7,
      slowReaderTimeoutMs: 8,
      pingIntervalMs: 9,
      maxListenStreams: 15,
      maxListenStreamsPerClient: 16,
    });
    expect(stdioLimits(all)).toEqual({ maxMessageBytes: 1, maxQueuedBytes: 10, maxStalledMs: 11 });
    expect(stdioServeLimits(all)).toEqual({ maxListenStreams: 16 });
    expect(routerLimits(all)).toEqual({
      maxSubscriptionsPerSession: 12,
      maxPendingClientRequests: 13,
      clientRequestTimeoutMs: 14,
    });
  });

  it("leaves unset ones out, so the defaults apply", () => {
    expect(httpLimits({})).toEqual({});
    expect(stdioLimits({ maxSessions: 4 })).toEqual({});
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BURST_FACTOR, SLOW_READER_DEFAULTS, SlowReaderGuard } from "./slow-reader.js";

// The guard's decisions alone, over a backlog the test sets (the real sockets are in
// http-server.test.ts and websocket-server.test.ts).
describe("SlowReaderGuard", () => {
  const limits = { maxBufferedBytes: 1_000, slowReaderTimeoutMs: 500 };
  let queued = 0;
  let reasons: string[] = [];
  const guard = () =>
    new SlowReaderGuard(
      limits,
      () => queued,
      (reason) => reasons.push(reason),
    );

  beforeEach(() => {
    vi.useFakeTimers();
    queued = 0;
    reasons = [];
  });
  afterEach(() => vi.useRealTimers());

  it("defaults to 4 MiB for 10 s, a burst up to 4 ×", () => {
    expect(SLOW_READER_DEFAULTS).toEqual({ maxBufferedBytes: 4 * 1024 * 1024, slowReaderTimeoutMs: 10_000 });
    expect(BURST_FACTOR).toBe(4);
  });

  it("lets a burst over maxBufferedBytes through when the reader drains it in time", () => {
    const g = guard();
    queued = 3_000;
    expect(g.admit(500)).toBe(true);
    queued = 0; // the reader took it
    vi.advanceTimersByTime(500);
    expect(reasons).toEqual([]);
    expect(g.isCutOff).toBe(false);
  });

  it("cuts a reader off that stays over maxBufferedBytes for slowReaderTimeoutMs, even with nothing more to send", () => {
    const g = guard();
    queued = 1_500;
    expect(g.admit(100)).toBe(true);
    vi.advanceTimersByTime(499);
    expect(reasons).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(reasons).toEqual([
      "the peer is not reading: 1500 bytes still unread after 500 ms over maxBufferedBytes (1000)",
    ]);
    expect(g.isCutOff).toBe(true);
    expect(g.admit(1)).toBe(false);
    expect(reasons).toHaveLength(1);
  });

  it("starts the clock again after the backlog fell below the bound", () => {
    const g = guard();
    queued = 1_500;
    g.admit(1);
    queued = 200;
    vi.advanceTimersByTime(500); // the check finds it drained: no cut, clock stopped
    queued = 1_500;
    g.admit(1);
    vi.advanceTimersByTime(499);
    expect(reasons).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(reasons).toHaveLength(1);
  });

  it("cuts off at once a backlog that would pass BURST_FACTOR × maxBufferedBytes", () => {
    const g = guard();
    queued = 3_900;
    expect(g.admit(200)).toBe(false);
    expect(reasons).toEqual([
      "the peer is not reading: 3900 bytes are unread and 200 more would pass 4 × maxBufferedBytes (1000)",
    ]);
  });

  it("takes one message larger than every bound when nothing waits", () => {
    const g = guard();
    queued = 0;
    expect(g.admit(1_000_000)).toBe(true);
  });

  it("stops its clock when disposed", () => {
    const g = guard();
    queued = 1_500;
    g.admit(1);
    g.dispose();
    vi.advanceTimersByTime(1_000);
    expect(reasons).toEqual([]);
  });
});

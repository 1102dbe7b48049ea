import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limits.js";

const alice = { token: "t", clientId: "app", scopes: [], extra: { subject: "alice" } };
const bob = { token: "t", clientId: "app", scopes: [], extra: { subject: "bob" } };

describe("RateLimiter", () => {
  it("spends per caller and per tool pattern, and refills at the rate", () => {
    let now = 0;
    const limiter = new RateLimiter(
      { perPrincipal: { perSecond: 1, burst: 3 }, tools: { "notes__*": { perSecond: 0.5, burst: 1 } } },
      () => now,
    );
    expect(limiter.take(alice, "notes__add")).toBe(0);
    expect(limiter.wait(alice, "notes__list")).toBe(2000); // the namespace bucket is shared
    expect(limiter.take(alice, "notes__list")).toBe(2000);
    expect(limiter.take(alice, "echo")).toBe(0);
    expect(limiter.take(alice, "echo")).toBe(0);
    expect(limiter.take(alice, "echo")).toBe(1000); // perPrincipal spent: 3 calls
    expect(limiter.take(bob, "notes__add")).toBe(0); // another caller, other buckets
    now = 2000;
    expect(limiter.take(alice, "notes__list")).toBe(0);
  });

  it("spends nothing when one bucket refuses, and nothing on wait", () => {
    const limiter = new RateLimiter(
      { perPrincipal: { perSecond: 1, burst: 1 }, tools: { a: { perSecond: 1, burst: 1 } } },
      () => 0,
    );
    expect(limiter.wait(undefined, "a")).toBe(0);
    expect(limiter.take(undefined, "a")).toBe(0);
    expect(limiter.take(undefined, "b")).toBe(1000);
  });

  it("refuses nonsense rates", () => {
    expect(() => new RateLimiter({ perPrincipal: { perSecond: 0, burst: 1 } })).toThrow(RangeError);
    expect(() => new RateLimiter({ tools: { x: { perSecond: 1, burst: 0 } } })).toThrow(/tools\["x"\]/);
  });
});

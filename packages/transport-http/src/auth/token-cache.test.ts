import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { describe, expect, it } from "vitest";
import { TokenCache } from "./token-cache.js";

const info = (token: string, expiresAt?: number): AuthInfo => ({
  token,
  clientId: "c",
  scopes: [],
  ...(expiresAt === undefined ? {} : { expiresAt }),
});

describe("TokenCache", () => {
  it("keeps a verified token until its exp, and no longer", () => {
    let now = 1_000_000;
    const cache = new TokenCache({ ttlMs: 600_000 }, () => now);
    cache.set("a", info("a", 1_030)); // exp 30 s from now
    expect(cache.get("a")?.token).toBe("a");
    now += 29_999;
    expect(cache.get("a")?.token).toBe("a");
    now += 1;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("trusts a token at most ttlMs, whatever its exp", () => {
    let now = 0;
    const cache = new TokenCache({ ttlMs: 1_000 }, () => now);
    cache.set("a", info("a", 3_600));
    now = 999;
    expect(cache.get("a")).toBeDefined();
    now = 1_000;
    expect(cache.get("a")).toBeUndefined();
  });

  it("does not keep an expired token, and answers only the same token", () => {
    const cache = new TokenCache({}, () => 10_000);
    cache.set("old", info("old", 5));
    expect(cache.size).toBe(0);
    cache.set("a", info("a"));
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.token).toBe("a");
  });

  it("drops the oldest token past maxEntries", () => {
    const cache = new TokenCache({ maxEntries: 2 }, () => 0);
    cache.set("a", info("a"));
    cache.set("b", info("b"));
    cache.set("c", info("c"));
    expect(cache.size).toBe(2);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("b")).toBeDefined();
    expect(cache.get("c")).toBeDefined();
  });

  it("refuses bounds that are not positive integers", () => {
    expect(() => new TokenCache({ maxEntries: 0 })).toThrow(/maxEntries/);
    expect(() => new TokenCache({ ttlMs: 1.5 })).toThrow(/ttlMs/);
  });
});

import { createHash } from "node:crypto";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";

/** Settings of the cache of verified tokens (see `JwtOptions.cache`). */
export interface TokenCacheOptions {
  /** Most tokens kept; past it the oldest goes. Default 1000. */
  maxEntries?: number;
  /**
   * Longest a verified token is trusted without checking it again, in ms (never past its `exp`).
   * Bounds how long a key removed from the issuer's key set still admits its tokens. Default 60 000.
   */
  ttlMs?: number;
}

/** Defaults of {@link TokenCacheOptions}. */
export const TOKEN_CACHE_DEFAULTS = { maxEntries: 1000, ttlMs: 60_000 } as const;

/**
 * Verified tokens by the SHA-256 of the token (the token itself is not a key), each until
 * `min(exp, now + ttlMs)`; bounded, oldest first out. A hit skips the signature check, which is
 * most of a credential check's cost (≈ 120–220 µs for RS256, measured).
 */
export class TokenCache {
  readonly #entries = new Map<string, { info: AuthInfo; until: number }>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;

  constructor(
    options: TokenCacheOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.#maxEntries = options.maxEntries ?? TOKEN_CACHE_DEFAULTS.maxEntries;
    this.#ttlMs = options.ttlMs ?? TOKEN_CACHE_DEFAULTS.ttlMs;
    for (const [name, value] of [
      ["maxEntries", this.#maxEntries],
      ["ttlMs", this.#ttlMs],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new RangeError(`auth: cache.${name} must be a positive integer, got ${value}`);
      }
    }
  }

  /** How many tokens are kept. */
  get size(): number {
    return this.#entries.size;
  }

  /** The verified `AuthInfo` of `token`, while it is still trusted. */
  get(token: string): AuthInfo | undefined {
    const key = digest(token);
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= this.now() || entry.info.token !== token) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.info;
  }

  /** Keeps a token that was just verified. */
  set(token: string, info: AuthInfo): void {
    const expires = info.expiresAt === undefined ? Number.POSITIVE_INFINITY : info.expiresAt * 1000;
    const until = Math.min(expires, this.now() + this.#ttlMs);
    if (until <= this.now()) return;
    const key = digest(token);
    this.#entries.delete(key);
    this.#entries.set(key, { info, until });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}

function digest(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { patternTest } from "./tool-access.js";

/** A token bucket's settings: `burst` calls at once, refilled at `perSecond`. */
export interface Rate {
  perSecond: number;
  burst: number;
}

/**
 * Limits on `tools/call`: `perPrincipal` over all of a caller's tool calls; `tools` per caller and
 * per tool name or `*` pattern (one bucket per pattern, so `"notes__*"` bounds the whole namespace).
 * A caller is its token's subject (or client); without authentication all callers are one.
 */
export interface RateLimits {
  perPrincipal?: Rate;
  tools?: Readonly<Record<string, Rate>>;
}

/** The JSON-RPC error code of a call refused by a rate limit; `data.retryAfterMs` says when to retry. */
export const RATE_LIMITED = -32029;

/** Most buckets kept; past it the least recently used ones are dropped (they refill anyway). */
const MAX_BUCKETS = 100_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets per caller and per tool. `take` spends one token from each applicable bucket or
 * none; `wait` only looks (the HTTP transport answers 429 with it before serving a request).
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({ perPrincipal: { perSecond: 5, burst: 10 } });
 * limiter.take(undefined, "echo"); // 0: allowed
 * ```
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rules: { pattern: string; test: (name: string) => boolean; rate: Rate }[];

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    const check = (where: string, rate: Rate) => {
      if (!(rate.perSecond > 0) || !(rate.burst >= 1) || !Number.isFinite(rate.perSecond + rate.burst)) {
        throw new RangeError(`rateLimits${where}: perSecond must be > 0 and burst ≥ 1`);
      }
    };
    if (limits.perPrincipal) check(".perPrincipal", limits.perPrincipal);
    this.rules = Object.entries(limits.tools ?? {}).map(([pattern, rate]) => {
      check(`.tools["${pattern}"]`, rate);
      return { pattern, test: patternTest(pattern), rate };
    });
  }

  /** Milliseconds until `tool` may be called by this caller; 0 now. Takes nothing. */
  wait(authInfo: AuthInfo | undefined, tool: string): number {
    return Math.max(0, ...this.applicable(authInfo, tool).map(([key, rate]) => this.waitOf(key, rate)));
  }

  /** Spends a token from every bucket of this call and returns 0, or returns the wait and spends none. */
  take(authInfo: AuthInfo | undefined, tool: string): number {
    const buckets = this.applicable(authInfo, tool);
    const wait = Math.max(0, ...buckets.map(([key, rate]) => this.waitOf(key, rate)));
    if (wait > 0) return wait;
    for (const [key] of buckets) (this.buckets.get(key) as Bucket).tokens -= 1;
    return 0;
  }

  private applicable(authInfo: AuthInfo | undefined, tool: string): [string, Rate][] {
    const caller = callerKey(authInfo);
    const keys: [string, Rate][] = [];
    if (this.limits.perPrincipal) keys.push([caller, this.limits.perPrincipal]);
    for (const rule of this.rules) if (rule.test(tool)) keys.push([`${caller}\0${rule.pattern}`, rule.rate]);
    return keys;
  }

  /** Refills the bucket to now and returns how long until it holds one token. */
  private waitOf(key: string, rate: Rate): number {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * rate.perSecond);
      bucket.at = now;
      this.buckets.delete(key); // most recently used last
    } else {
      bucket = { tokens: rate.burst, at: now };
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
    }
    this.buckets.set(key, bucket);
    return bucket.tokens >= 1 ? 0 : Math.ceil(((1 - bucket.tokens) / rate.perSecond) * 1000);
  }
}

function callerKey(authInfo: AuthInfo | undefined): string {
  if (!authInfo) return "anonymous";
  const subject = authInfo.extra?.subject;
  return `${typeof subject === "string" ? subject : ""}\0${authInfo.clientId}`;
}

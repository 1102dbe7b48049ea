/** A result a 2026-07-28 client may cache, and for reads, which resource. */
export type CacheTarget =
  | { method: "tools/list" | "prompts/list" | "resources/list" | "resources/templates/list" }
  | { method: "resources/read"; uri: string };

/** How long and by whom a result may be cached (2026-07-28 `ttlMs` / `cacheScope`). */
export interface CacheHint {
  /** Lifetime in milliseconds, a non-negative safe integer. */
  ttlMs: number;
  /** `public`: shared caches may keep it; `private`: only the requesting client. */
  cacheScope: "public" | "private";
}

/** The methods whose results may carry a cache hint. */
export const CACHEABLE_METHODS: ReadonlySet<string> = new Set([
  "tools/list",
  "prompts/list",
  "resources/list",
  "resources/templates/list",
  "resources/read",
]);

/** The result fields a cache hint becomes; the 2025 face removes them (see {@link withoutCacheFields}). */
const CACHE_FIELDS = ["ttlMs", "cacheScope"] as const;

/**
 * `result` with a backend's cache hint as its `ttlMs`/`cacheScope` fields, when there is one. The
 * 2026 face sends them as they are (the SDK fills its defaults where they are missing); the 2025
 * face removes them.
 */
export function withCacheHint<T extends object>(result: T, hint: CacheHint | undefined): T {
  if (!hint) return result;
  return { ...result, ttlMs: hint.ttlMs, cacheScope: hint.cacheScope };
}

/** `result` without cache fields, for a 2025-11-25 client (whose results have none). */
export function withoutCacheFields<T>(result: T): T {
  if (typeof result !== "object" || result === null || !CACHE_FIELDS.some((field) => field in result)) {
    return result;
  }
  const copy = { ...result } as Record<string, unknown>;
  for (const field of CACHE_FIELDS) delete copy[field];
  return copy as T;
}

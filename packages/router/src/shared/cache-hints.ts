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

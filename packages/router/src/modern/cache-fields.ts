import type { McpBackend } from "../shared/backend.js";
import type { CacheTarget } from "../shared/cache-hints.js";
import { SKILLS_METHODS } from "../shared/skills.js";

/** `ttlMs`/`cacheScope` of the skills extension's results: not cached, as the SDK's default. */
const SKILLS_CACHE_DEFAULT = { ttlMs: 0, cacheScope: "private" } as const;

/** The methods whose 2026-07-28 results may carry cache fields. */
const CACHEABLE_METHODS: ReadonlySet<string> = new Set([
  "tools/list",
  "prompts/list",
  "resources/list",
  "resources/templates/list",
  "resources/read",
]);

/**
 * `result` with the backend's cache hint for it as `ttlMs`/`cacheScope`, when the method is
 * cacheable and the backend gives one; the SDK's wire codec fills its defaults where none is set.
 * Only the 2026 face calls this: a 2025-11-25 result has no cache fields, so the shared handlers
 * never add them.
 *
 * @example
 * ```ts
 * withCacheFields(backend, "resources/read", { uri: "notes://a" }, result); // { ...result, ttlMs, cacheScope }
 * ```
 */
export function withCacheFields(
  backend: McpBackend,
  method: string,
  params: Record<string, unknown> | undefined,
  result: unknown,
): unknown {
  // The extension's results are cacheable too (SEP-2640); the SDK fills defaults only for the
  // spec's own methods, so the server's default goes on here.
  if (SKILLS_METHODS.has(method) && typeof result === "object" && result !== null) {
    return { ...SKILLS_CACHE_DEFAULT, ...result };
  }
  if (!backend.cacheHint || !CACHEABLE_METHODS.has(method) || typeof result !== "object" || result === null) {
    return result;
  }
  const target = (
    method === "resources/read" ? { method, uri: String(params?.uri) } : { method }
  ) as CacheTarget;
  const hint = backend.cacheHint(target);
  return hint ? { ...result, ttlMs: hint.ttlMs, cacheScope: hint.cacheScope } : result;
}

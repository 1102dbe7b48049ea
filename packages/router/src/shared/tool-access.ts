import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";

/**
 * Scopes a caller needs per tool: each key is a tool name or a pattern where `*` stands for any
 * run of characters (`"notes__*"` is every tool of the `notes` namespace), each value the scopes
 * a caller must all hold. Every pattern a tool matches adds its scopes; a tool no pattern matches
 * is open to every caller.
 */
export type ToolScopes = Readonly<Record<string, readonly string[]>>;

/** Decides which tools a caller may see and call. */
export interface ToolAccess {
  /** The scopes `tool` needs that `authInfo` lacks (empty: allowed). */
  missingScopes(tool: string, authInfo: AuthInfo | undefined): readonly string[];
}

/**
 * Compiles {@link ToolScopes} into a {@link ToolAccess}. A caller with no `authInfo` holds no
 * scope, so a tool that needs one is hidden from it.
 *
 * @example
 * ```ts
 * const access = toolAccess({ "notes__*": ["notes:write"] });
 * access.missingScopes("notes__add", { token: "t", clientId: "c", scopes: [] }); // ["notes:write"]
 * ```
 */
export function toolAccess(scopes: ToolScopes): ToolAccess {
  const rules = Object.entries(scopes).map(([pattern, needed]) => {
    if (!Array.isArray(needed) || needed.some((s) => typeof s !== "string" || s === "")) {
      throw new TypeError(`toolScopes["${pattern}"] must be an array of non-empty scope strings`);
    }
    return { test: patternTest(pattern), needed: [...needed] };
  });
  const cache = new Map<string, readonly string[]>();
  const neededBy = (tool: string): readonly string[] => {
    let needed = cache.get(tool);
    if (!needed) {
      needed = [...new Set(rules.filter((r) => r.test(tool)).flatMap((r) => r.needed))];
      if (cache.size < 10_000) cache.set(tool, needed);
    }
    return needed;
  };
  return {
    missingScopes: (tool, authInfo) => {
      const needed = neededBy(tool);
      if (needed.length === 0) return needed;
      const held = new Set(authInfo?.scopes ?? []);
      return needed.filter((scope) => !held.has(scope));
    },
  };
}

/** A test of names against `pattern`, where `*` stands for any run of characters. */
export function patternTest(pattern: string): (name: string) => boolean {
  if (!pattern.includes("*")) return (name) => name === pattern;
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  const regex = new RegExp(`^${source}$`, "s");
  return (name) => regex.test(name);
}

/** A test of names against several patterns: true when any matches. */
export function anyPattern(patterns: readonly string[]): (name: string) => boolean {
  const tests = patterns.map(patternTest);
  return (name) => tests.some((test) => test(name));
}

import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { describe, expect, it } from "vitest";

// `@wasi-mcp/host/engine` and `/portable` are what the browser host builds on: no Node built-in
// may be reachable from them, through their own files or the chunks they share with the Node entry.
// The one exception is `module`: the generated validators load two ajv files with `createRequire`,
// which host-browser's bundle maps to bundled modules (ADR 0006 §7).
const builtins = new Set(
  [...builtinModules, ...builtinModules.map((name) => `node:${name}`)].filter((name) => name !== "module"),
);

/** Every bare or relative module a dist file reaches, following relative imports. */
function reached(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const source = readFileSync(new URL(`../dist/${file}`, import.meta.url), "utf8");
  const specifiers = [
    ...source.matchAll(
      /(?:^|\s)(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm,
    ),
  ].map((match) => (match[1] ?? match[2]) as string);
  return specifiers.flatMap((specifier) =>
    specifier.startsWith("./") ? [specifier, ...reached(specifier.slice(2), seen)] : [specifier],
  );
}

describe("the platform-free entries", () => {
  for (const entry of ["engine.js", "portable.js"]) {
    it(`${entry} reaches no Node built-in`, () => {
      const modules = reached(entry);
      expect(modules.length).toBeGreaterThan(0);
      expect(modules.filter((specifier) => builtins.has(specifier))).toEqual([]);
    });
  }
});

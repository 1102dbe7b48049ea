import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The router is bundled into the browser host (`@wasi-mcp/host-browser`), whose bundler shims
 * `node:module` (ajv's `createRequire`) and nothing else: any other Node built-in breaks the page.
 */
const SHIMMED_IN_THE_PAGE = new Set(["node:module"]);
const NODE_BUILTIN =
  /from\s+"((?:node:)?(?:crypto|fs|fs\/promises|path|os|net|http|https|stream|events|url|util|worker_threads|child_process|buffer|module))"/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("the router stays bundleable for the browser host", () => {
  it("imports no Node built-in but the ones the page shims", () => {
    const root = fileURLToPath(new URL(".", import.meta.url));
    const found = sources(root).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(NODE_BUILTIN)]
        .map((match) => match[1] as string)
        .filter((specifier) => !SHIMMED_IN_THE_PAGE.has(specifier))
        .map((specifier) => `${relative(root, file)}: ${specifier}`),
    );
    expect(found).toEqual([]);
  });
});

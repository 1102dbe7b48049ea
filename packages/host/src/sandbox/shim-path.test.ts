import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeGuestPath, shimFullPath } from "./shim-path.js";

/**
 * The shim's own `#getFullPath`, lifted out of the installed preview2-shim's source, so that the
 * port is checked against the code that really runs (and fails here when an upgrade changes it).
 */
function shimsGetFullPath(): (hostPreopen: string, subpath: string) => string {
  const entry = createRequire(import.meta.url).resolve("@bytecodealliance/preview2-shim");
  const source = readFileSync(join(dirname(entry), "..", "nodejs", "filesystem.js"), "utf8");
  const start = source.indexOf("#getFullPath(subpath) {");
  const end = source.indexOf("const descriptorCreatePreopen");
  expect(start).toBeGreaterThan(0);
  const method = source
    .slice(start, end)
    .trim()
    .replace(/}\s*}\s*$/, "}");
  const body = method
    .slice(method.indexOf("{") + 1, method.lastIndexOf("}"))
    .replace("let descriptor = this;", "")
    .replaceAll("descriptor.#hostPreopen", "hostPreopen")
    .replaceAll("descriptor.#fullPath", "''");
  return new Function("isWindows", "hostPreopen", "subpath", body).bind(null, false) as never;
}

const outcome = (run: () => string) => {
  try {
    return run();
  } catch (error) {
    return { thrown: error };
  }
};

describe("normalizeGuestPath", () => {
  it("turns backslashes into separators and resolves dots as the shim does", () => {
    expect(normalizeGuestPath("x\\..\\link/f")).toBe("link/f");
    expect(normalizeGuestPath("a//b/./c/")).toBe("a/b/c/");
    expect(normalizeGuestPath("a/..")).toBe("");
    expect(normalizeGuestPath("...")).toBe("...");
    expect(() => normalizeGuestPath("..")).toThrow();
    expect(() => normalizeGuestPath("\\etc")).toThrow();
  });

  it("builds the same host path as the installed shim for any guest path", () => {
    const shim = shimsGetFullPath();
    expect(shim("/srv/root", "x\\..\\link/f")).toBe("/srv/root/link/f");
    const piece = fc.constantFrom("a", "b", ".", "..", "...", "\\", "/", "//", "x y", "é", "\0", ".a", "a.");
    const path = fc.oneof(
      fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")),
      fc.string(),
    );
    fc.assert(
      fc.property(path, fc.constantFrom("/srv/root", "/"), (subpath, root) => {
        expect(outcome(() => shimFullPath(root, subpath))).toEqual(outcome(() => shim(root, subpath)));
      }),
      { numRuns: 5000 },
    );
  });
});

// ADR 0005/0010: the 2026-07-28 era lives in one layer. This test lists every source file of the
// repository that imports SDK v2 or names the 2026 revision, and fails for any outside that layer.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));

/** Where SDK v2 and the 2026 revision may appear. Widen it only by moving code, never to pass. */
const ALLOWED: readonly RegExp[] = [
  /^packages\/router\/src\/modern\//,
  /^packages\/transport-http\/src\/modern-era\.ts$/,
  /^packages\/conformance\/src\/bridge\//,
  /\.test\.tsx?$/,
];

/** An import of an SDK v2 package (`@modelcontextprotocol/server`, `/core`, `/node`, `/client`). */
const SDK_V2 =
  /(?:from\s*|import\s*\(\s*|require\s*\(\s*)["']@modelcontextprotocol\/(?:server|core|node|client)(?:\/[^"']*)?["']/;
/** The 2026 revision as a string in code (comments may name it). */
const REVISION = /["'`]2026-07-28["'`]/;

interface SourceFile {
  path: string;
  text: string;
}

/** `text` without block comments and whole-line comments (TSDoc examples may name the revision). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/** What in `file` belongs to the 2026 layer, if anything. */
function eraMarks(file: SourceFile): string[] {
  const text = code(file.text);
  const marks: string[] = [];
  if (SDK_V2.test(text)) marks.push("imports SDK v2");
  if (REVISION.test(text)) marks.push('names "2026-07-28"');
  return marks;
}

/** The files outside the layer that belong to it, as `path: why` lines. */
function eraLeaks(files: readonly SourceFile[]): string[] {
  return files.flatMap((file) => {
    const marks = eraMarks(file);
    if (marks.length === 0 || ALLOWED.some((allowed) => allowed.test(file.path))) return [];
    return [`${file.path}: ${marks.join(", ")}`];
  });
}

/** Every source file under `packages/*\/src` and `examples/*\/src`. */
function sourceFiles(): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(path);
      } else if (/\.(?:[cm]?[jt]s|tsx)$/.test(entry.name)) {
        files.push({ path: relative(ROOT, path).split("\\").join("/"), text: readFileSync(path, "utf8") });
      }
    }
  };
  for (const group of ["packages", "examples"]) {
    for (const entry of readdirSync(join(ROOT, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const src = join(ROOT, group, entry.name, "src");
      try {
        walk(src);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
  }
  return files;
}

describe("the 2026 era stays in its layer (ADR 0005, ADR 0010 item 5)", () => {
  const files = sourceFiles();

  it("finds no file outside router/src/modern/, transport-http's 2026 entry and the conformance bridge", () => {
    expect(eraLeaks(files)).toEqual([]);
  });

  it("sees the layer itself, so it cannot pass by reading nothing", () => {
    const marked = files.filter((file) => eraMarks(file).length > 0).map((file) => file.path);
    expect(marked).toContain("packages/router/src/modern/modern-server.ts");
    expect(marked).toContain("packages/router/src/modern/serve-channel.ts");
    expect(files.some((file) => file.path === "packages/transport-stdio/src/index.ts")).toBe(true);
  });

  it("fails for a file outside the layer that imports SDK v2 or names the revision", () => {
    const leaks = eraLeaks([
      {
        path: "packages/host/src/engine/x.ts",
        text: 'import { Server } from "@modelcontextprotocol/server";',
      },
      {
        path: "packages/router/src/shared/y.ts",
        text: 'const m = await import("@modelcontextprotocol/core/types");',
      },
      { path: "packages/transport-ws/src/z.ts", text: 'export const V = "2026-07-28";' },
      {
        path: "packages/router/src/legacy/ok.ts",
        text: 'import { Server } from "@modelcontextprotocol/sdk/server/index.js";',
      },
      {
        path: "packages/router/src/modern/ok.ts",
        text: 'import { Server } from "@modelcontextprotocol/server";',
      },
      {
        path: "packages/host/src/engine/x.test.ts",
        text: 'import { Client } from "@modelcontextprotocol/client";',
      },
    ]);
    expect(leaks).toEqual([
      "packages/host/src/engine/x.ts: imports SDK v2",
      "packages/router/src/shared/y.ts: imports SDK v2",
      'packages/transport-ws/src/z.ts: names "2026-07-28"',
    ]);
  });
});

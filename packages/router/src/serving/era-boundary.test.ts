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
  /^examples\/mcp-compositor\/src\/upstreams\/modern-era\.ts$/,
  /^packages\/conformance\/src\/bridge\//,
  /\.test\.tsx?$/,
];

/** An import of an SDK v2 package (`@modelcontextprotocol/server`, `/core`, `/node`, `/client`). */
const SDK_V2 =
  /(?:from\s*|import\s*\(\s*|require\s*\(\s*)["']@modelcontextprotocol\/(?:server|core|node|client)(?:\/[^"']*)?["']/;
/** The 2026 revision as a string in code (comments may name it). */
const REVISION = /["'`]2026-07-28["'`]/;
/**
 * The 2026 face's replay internals (ADR 0010 item 3): a backend sees an unanswered question only
 * as its request's signal aborted with a `ReplayRequested` reason, so nothing outside
 * `router/src/modern/` — not even a test — names the signal the replay throws inside the face,
 * nor the request fields that once carried the era into the host.
 */
const REPLAY_INTERNALS =
  /\b(?:InputRequiredSignal|isInputRequiredSignal|replayClient|hostChecksCapabilities)\b/;
/** Where the replay internals may appear (this test names them to find them). */
const REPLAY_ALLOWED = /^packages\/router\/src\/(?:modern\/|serving\/era-boundary\.test\.ts$)/;

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

/** Whether `file`'s code names the 2026 replay's internals. */
function namesReplayInternals(file: SourceFile): boolean {
  return REPLAY_INTERNALS.test(code(file.text));
}

/** The files outside the layer that belong to it, as `path: why` lines. */
function eraLeaks(files: readonly SourceFile[]): string[] {
  return files.flatMap((file) => {
    // Test folders hold 2026 clients and fixtures: only the replay rule reaches them.
    const exempt =
      !/^[^/]+\/[^/]+\/src\//.test(file.path) || ALLOWED.some((allowed) => allowed.test(file.path));
    const marks = exempt ? [] : eraMarks(file);
    if (namesReplayInternals(file) && !REPLAY_ALLOWED.test(file.path)) {
      marks.push("names the 2026 replay's internals");
    }
    return marks.length === 0 ? [] : [`${file.path}: ${marks.join(", ")}`];
  });
}

/** Every source file under `packages/*\/{src,test}` and `examples/*\/{src,test}` (tests are exempt from the SDK v2 rule). */
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
      for (const folder of ["src", "test"]) {
        try {
          walk(join(ROOT, group, entry.name, folder));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        }
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
    expect(files.filter(namesReplayInternals).map((file) => file.path)).toContain(
      "packages/router/src/modern/input-replay.ts",
    );
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
      {
        path: "packages/host/src/engine/in-process.ts",
        text: 'import { isInputRequiredSignal } from "@wasi-mcp/router";',
      },
      { path: "packages/host-browser/test/mrtr.test.ts", text: "if (request.replayClient) return;" },
      { path: "examples/x/test/wires.ts", text: 'const V = "2026-07-28";' },
      { path: "packages/router/src/modern/ok-too.ts", text: "throw new InputRequiredSignal(key, request);" },
    ]);
    expect(leaks).toEqual([
      "packages/host/src/engine/x.ts: imports SDK v2",
      "packages/router/src/shared/y.ts: imports SDK v2",
      'packages/transport-ws/src/z.ts: names "2026-07-28"',
      "packages/host/src/engine/in-process.ts: names the 2026 replay's internals",
      "packages/host-browser/test/mrtr.test.ts: names the 2026 replay's internals",
    ]);
  });
});

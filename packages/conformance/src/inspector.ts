import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ChildOutput } from "@wasi-mcp/test-kit/process";

/** The pinned MCP inspector: a devDependency of this package, installed from the lockfile. */
export const INSPECTOR_PACKAGE = "@modelcontextprotocol/inspector";

/** How long one inspector invocation may run (a cold component load on 2 busy cores included). */
const INSPECTOR_RUN_TIMEOUT_MS = 120_000;
/**
 * How long the inspector waits for the server to connect. Its default (15 s) is too short for a
 * stdio server that loads a component on 2 busy cores (measured: > 15 s under a full `npm test`).
 */
const INSPECTOR_CONNECT_TIMEOUT_MS = 90_000;

/** Inspector CLI exit codes this harness relies on. */
export const INSPECTOR_EXIT = { ok: 0, toolError: 5 } as const;

/** What one inspector invocation returned. */
export interface InspectorResult {
  exitCode: number;
  /** The parsed `--format json` payload from stdout (`{ result }`), or undefined when none. */
  json: unknown;
  stdout: string;
  stderr: string;
}

/** A located inspector CLI with a scratch `HOME` of its own. */
export interface Inspector {
  /** Runs `mcp-inspector --cli <target…> <args…> --format json -q`. */
  run(target: readonly string[], args: readonly string[]): Promise<InspectorResult>;
  /** Removes the scratch `HOME`. */
  dispose(): Promise<void>;
}

/**
 * Finds the installed inspector's `mcp-inspector` binary (from the workspace install; nothing is
 * downloaded) and returns a runner that calls it directly with Node. The inspector keeps catalogs
 * and OAuth state under `HOME`; every runner gets a new empty one.
 *
 * @example
 * ```ts
 * const inspector = await locateInspector();
 * const { json } = await inspector.run(["http://127.0.0.1:3000/mcp"], ["--method", "tools/list"]);
 * await inspector.dispose();
 * ```
 */
export async function locateInspector(): Promise<Inspector> {
  const bin = inspectorBinary();
  const home = await mkdtemp(join(tmpdir(), "wasi-mcp-inspector-home-"));
  return {
    run: (target, args) => runInspector(bin, home, target, args),
    dispose: () => rm(home, { recursive: true, force: true }),
  };
}

/** The absolute path of the installed inspector's `mcp-inspector` entry point. */
export function inspectorBinary(): string {
  const manifestPath = createRequire(import.meta.url).resolve(`${INSPECTOR_PACKAGE}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin?: Record<string, string> };
  const entry = manifest.bin?.["mcp-inspector"];
  if (entry === undefined) {
    throw new Error(`[@wasi-mcp/conformance-harness] ${manifestPath} declares no mcp-inspector binary`);
  }
  return join(dirname(manifestPath), entry);
}

async function runInspector(
  bin: string,
  home: string,
  target: readonly string[],
  args: readonly string[],
): Promise<InspectorResult> {
  const connect = ["--connect-timeout", String(INSPECTOR_CONNECT_TIMEOUT_MS)];
  const child = spawn(
    process.execPath,
    [bin, "--cli", ...target, ...args, ...connect, "--format", "json", "-q"],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, HOME: home, NO_COLOR: "1" },
    },
  );
  const stdout = new ChildOutput(child.stdout, 10_000);
  const stderr = new ChildOutput(child.stderr, 200);
  // SIGTERM first, so the inspector closes the stdio server it started instead of orphaning it.
  const timer = setTimeout(() => child.kill("SIGTERM"), INSPECTOR_RUN_TIMEOUT_MS);
  const killer = setTimeout(() => child.kill("SIGKILL"), INSPECTOR_RUN_TIMEOUT_MS + 5_000);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  clearTimeout(killer);
  const text = stdout.tail();
  return { exitCode: code ?? 1, json: parseJson(text), stdout: text, stderr: stderr.tail() };
}

function parseJson(text: string): unknown {
  try {
    return text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

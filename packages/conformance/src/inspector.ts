import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ChildOutput } from "./child-output.js";

const execFileAsync = promisify(execFile);

/** The pinned MCP inspector, run through `npx` (its install script is not allowed in the workspace). */
export const INSPECTOR_PACKAGE = "@modelcontextprotocol/inspector@2.12.0";

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
 * Finds the inspector's `mcp-inspector` binary through `npx` (downloading the pinned version into
 * the npm cache on first use) and returns a runner that calls it directly with Node, so each
 * check costs one Node start rather than an `npx` resolution. The inspector keeps catalogs and
 * OAuth state under `HOME`; every runner gets a new empty one.
 *
 * @example
 * ```ts
 * const inspector = await locateInspector();
 * const { json } = await inspector.run(["http://127.0.0.1:3000/mcp"], ["--method", "tools/list"]);
 * await inspector.dispose();
 * ```
 */
export async function locateInspector(): Promise<Inspector> {
  const env = {
    ...process.env,
    npm_config_cache: process.env.npm_config_cache ?? join(homedir(), ".npm"),
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
  };
  const { stdout } = await execFileAsync(
    "npx",
    ["--yes", "--package", INSPECTOR_PACKAGE, "--call", "command -v mcp-inspector"],
    { env, timeout: 300_000 },
  );
  const bin = stdout.trim().split("\n").pop() ?? "";
  if (!bin.endsWith("mcp-inspector")) {
    throw new Error(`[@wasi-mcp/conformance-harness] npx did not find mcp-inspector: ${stdout}`);
  }
  const home = await mkdtemp(join(tmpdir(), "wasi-mcp-inspector-home-"));
  return {
    run: (target, args) => runInspector(bin, home, target, args),
    dispose: () => rm(home, { recursive: true, force: true }),
  };
}

async function runInspector(
  bin: string,
  home: string,
  target: readonly string[],
  args: readonly string[],
): Promise<InspectorResult> {
  const child = spawn(process.execPath, [bin, "--cli", ...target, ...args, "--format", "json", "-q"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, HOME: home, NO_COLOR: "1" },
  });
  const stdout = new ChildOutput(child.stdout, 10_000);
  const stderr = new ChildOutput(child.stderr, 200);
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
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

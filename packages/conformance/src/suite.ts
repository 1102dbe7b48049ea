import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChildOutput } from "./child-output.js";
import { CONFORMANCE_CLI, EXPECTED_FAILURES_FILE } from "./paths.js";
import { readResults, type ScenarioResult } from "./results.js";

/** The pinned version of `@modelcontextprotocol/conformance` this harness runs. */
export const SUITE_VERSION = "0.1.16";

/** Colour escapes the suite prints whatever NO_COLOR says. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** Options of {@link runSuite}. */
export interface RunSuiteOptions {
  /** The Streamable HTTP endpoint under test. */
  url: URL | string;
  /** `all` (default), `active` or `pending`. */
  suite?: "all" | "active" | "pending";
  /** One scenario only. */
  scenario?: string;
  /** Where the suite writes each scenario's `checks.json`. Default: a new temp directory. */
  outputDir?: string;
  /**
   * The expected-failures baseline. Default: this package's `expected-failures.yml`. With a
   * baseline the suite also fails on warnings, and on listed scenarios that now pass.
   */
  expectedFailures?: string | false;
  /** Gives up after this long. Default 5 min. */
  timeoutMs?: number;
}

/** What one run of the suite produced. */
export interface SuiteRun {
  /** The suite's exit code: 0 only when every check passed (and, with a baseline, no warnings). */
  exitCode: number;
  /** The suite's stdout (scenario progress and its own summary). */
  output: string;
  /** The `Total: X passed, Y failed` line. */
  totals: string;
  results: ScenarioResult[];
  outputDir: string;
}

/**
 * Runs `conformance server --url <url> --suite all` (the official MCP conformance suite, server
 * mode) as a child process on this Node, and reads back every scenario's checks.
 *
 * @example
 * ```ts
 * const run = await runSuite({ url: "http://127.0.0.1:3000/mcp" });
 * if (run.exitCode !== 0) console.error(problems(run.results));
 * ```
 */
export async function runSuite(options: RunSuiteOptions): Promise<SuiteRun> {
  const outputDir = options.outputDir ?? (await mkdtemp(join(tmpdir(), "wasi-mcp-conformance-")));
  const args = [CONFORMANCE_CLI, "server", "--url", String(options.url), "-o", outputDir];
  if (options.scenario) args.push("--scenario", options.scenario);
  else args.push("--suite", options.suite ?? "all");
  const baseline = options.expectedFailures ?? EXPECTED_FAILURES_FILE;
  if (baseline !== false) args.push("--expected-failures", baseline);
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const stdout = new ChildOutput(child.stdout, 400);
  const stderr = new ChildOutput(child.stderr, 100);
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 300_000);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  const output = [stdout.tail(), stderr.tail()].filter(Boolean).join("\n").replace(ANSI, "");
  return {
    exitCode: code ?? 1,
    output,
    totals: output.match(/Total: \d+ passed, \d+ failed/)?.[0] ?? "no totals printed",
    results: await readResults(outputDir),
    outputDir,
  };
}

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONFORMANCE_CLI, EXPECTED_FAILURES_FILE } from "./paths.js";
import { runConformanceCli, type SuiteRun } from "./suite-process.js";

export type { SuiteRun } from "./suite-process.js";

/** The pinned version of `@modelcontextprotocol/conformance` this harness runs. */
export const SUITE_VERSION = "0.1.16";

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
  return runConformanceCli(args, outputDir, options.timeoutMs ?? 300_000);
}

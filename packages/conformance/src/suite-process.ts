import { spawn } from "node:child_process";
import { once } from "node:events";
import { ChildOutput } from "@wasi-mcp/test-kit/process";
import { readResults, type ScenarioResult } from "./results.js";

/** Colour escapes the suite prints whatever NO_COLOR says. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** What one run of the suite produced. */
export interface SuiteRun {
  /** The suite's exit code: 0 only when every scored check passed (and, with a baseline, no warnings). */
  exitCode: number;
  /** The suite's stdout (scenario progress and its own summary). */
  output: string;
  /** The `Total: X passed, Y failed` line. */
  totals: string;
  results: ScenarioResult[];
  outputDir: string;
}

/**
 * Runs a conformance CLI (`args[0]` is its script) on this Node, then reads every scenario's
 * `checks.json` under `outputDir`. Killed after `timeoutMs`.
 */
export async function runConformanceCli(
  args: readonly string[],
  outputDir: string,
  timeoutMs: number,
): Promise<SuiteRun> {
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const stdout = new ChildOutput(child.stdout, 400);
  const stderr = new ChildOutput(child.stderr, 100);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
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

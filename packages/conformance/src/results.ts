import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** The status of one check, as the conformance suite writes it in `checks.json`. */
export type CheckStatus = "SUCCESS" | "FAILURE" | "WARNING" | "INFO" | "SKIPPED";

/** One check of a scenario (the fields the harness reads). */
export interface Check {
  id: string;
  name: string;
  status: CheckStatus;
  description?: string;
  errorMessage?: string;
}

/** What one scenario produced. */
export interface ScenarioResult {
  scenario: string;
  checks: Check[];
}

/** Counts of one scenario or a whole run. */
export interface Tally {
  passed: number;
  failed: number;
  warnings: number;
}

/** A scenario's result directory: `server-<scenario>-<ISO timestamp with - for :>`. */
const RESULT_DIR = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

/**
 * Reads every scenario's `checks.json` under the suite's `-o` directory.
 *
 * @example
 * ```ts
 * const results = await readResults("/tmp/conformance-http");
 * console.error(tally(results)); // { passed: 46, failed: 0, warnings: 0 }
 * ```
 */
export async function readResults(outputDir: string): Promise<ScenarioResult[]> {
  const entries = await readdir(outputDir);
  const results: ScenarioResult[] = [];
  for (const entry of entries.sort()) {
    const scenario = entry.match(RESULT_DIR)?.[1];
    if (!scenario) continue;
    results.push({ scenario, checks: await readChecks(join(outputDir, entry, "checks.json")) });
  }
  return results;
}

/** A scenario's checks; none when it wrote no `checks.json` (0.2.0 leaves some directories empty). */
async function readChecks(file: string): Promise<Check[]> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as Check[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** Adds up SUCCESS, FAILURE and WARNING checks (INFO and SKIPPED are neither). */
export function tally(results: readonly ScenarioResult[]): Tally {
  const total: Tally = { passed: 0, failed: 0, warnings: 0 };
  for (const { checks } of results) {
    for (const check of checks) {
      if (check.status === "SUCCESS") total.passed++;
      else if (check.status === "FAILURE") total.failed++;
      else if (check.status === "WARNING") total.warnings++;
    }
  }
  return total;
}

/** The checks that did not pass cleanly (FAILURE or WARNING), for a readable test failure. */
export function problems(results: readonly ScenarioResult[]): string[] {
  return results.flatMap(({ scenario, checks }) =>
    checks
      .filter((check) => check.status === "FAILURE" || check.status === "WARNING")
      .map((check) => `${scenario} › ${check.name}: ${check.status} ${check.errorMessage ?? ""}`.trim()),
  );
}

/** A scenario's cell in the results table: `✅ 2/2`, `⚠️ 0/0, 2 warnings`, `❌ 1/2`. */
export function cell(result: ScenarioResult | undefined): string {
  if (!result) return "not run";
  const { passed, failed, warnings } = tally([result]);
  const counted = `${passed}/${passed + failed}`;
  const warned = warnings > 0 ? `, ${warnings} warning${warnings === 1 ? "" : "s"}` : "";
  const mark = failed > 0 ? "❌" : warnings > 0 ? "⚠️" : "✅";
  return `${mark} ${counted}${warned}`;
}

/**
 * The Markdown table of several runs: one row per scenario, one column per wire, and a totals row.
 *
 * @example
 * ```ts
 * console.log(renderTable({ "Streamable HTTP": httpResults, "stdio (bridged)": stdioResults }));
 * ```
 */
export function renderTable(runs: Record<string, readonly ScenarioResult[]>): string {
  const wires = Object.keys(runs);
  const scenarios = [...new Set(Object.values(runs).flatMap((results) => results.map((r) => r.scenario)))];
  const rows = scenarios.map((scenario) => [
    `\`${scenario}\``,
    ...wires.map((wire) => cell(runs[wire]?.find((r) => r.scenario === scenario))),
  ]);
  const totals = wires.map((wire) => {
    const { passed, failed, warnings } = tally(runs[wire] ?? []);
    return `**${passed} passed, ${failed} failed, ${warnings} warnings**`;
  });
  const lines = [
    `| scenario | ${wires.join(" | ")} |`,
    `| --- | ${wires.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    `| total | ${totals.join(" | ")} |`,
  ];
  return lines.join("\n");
}

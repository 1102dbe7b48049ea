import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONFORMANCE_NEXT_CLI } from "./paths.js";
import type { Revision } from "./requirements.js";
import { runConformanceCli, type SuiteRun } from "./suite-process.js";

/**
 * The extension scenarios of the suite 0.2.0-alpha.12 the harness runs beside the requirement
 * sets, which name no extension scenario of the skills extension (`io.modelcontextprotocol/skills`,
 * SEP-2640): the suite runs them only when asked by name.
 */
export const SKILLS_SCENARIOS = [
  "sep-2640-skills-enumeration",
  "sep-2640-skills-manifest",
  "sep-2640-skills-directory",
] as const;

/** Options of {@link runExtensionScenario}. */
export interface RunExtensionScenarioOptions {
  /** The Streamable HTTP endpoint under test. */
  url: URL | string;
  /** The scenario, e.g. `sep-2640-skills-enumeration`. */
  scenario: string;
  /** The revision whose wire the scenario speaks. */
  revision: Revision;
  /** Gives up after this long. Default 2 min. */
  timeoutMs?: number;
}

/**
 * Runs one extension scenario of the suite 0.2.0-alpha.12 at a revision's wire
 * (`conformance server --scenario <name> --spec-version <revision> --force`: an extension is on
 * no revision's timeline, so the suite needs `--force` to run it at one).
 *
 * @example
 * ```ts
 * const run = await runExtensionScenario({ url, scenario: "sep-2640-skills-manifest", revision: "2026-07-28" });
 * console.error(run.totals); // "Total: 6 passed, 0 failed"
 * ```
 */
export async function runExtensionScenario(options: RunExtensionScenarioOptions): Promise<SuiteRun> {
  const outputDir = await mkdtemp(join(tmpdir(), "wasi-mcp-extension-"));
  const args = [
    CONFORMANCE_NEXT_CLI,
    "server",
    "--url",
    String(options.url),
    "--scenario",
    options.scenario,
    "--spec-version",
    options.revision,
    "--force",
    "-o",
    outputDir,
  ];
  return runConformanceCli(args, outputDir, options.timeoutMs ?? 120_000);
}

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROTOCOL_REVISIONS } from "@wasi-mcp/router";
import { CONFORMANCE_NEXT_CLI } from "./paths.js";
import { runConformanceCli, type SuiteRun } from "./suite-process.js";

/** The pinned version of the conformance suite that rates a server per protocol revision. */
export const REQUIREMENTS_SUITE_VERSION = "0.2.0-alpha.12";

/** The protocol revisions whose frozen requirement sets the harness runs: the router's two faces. */
export const REVISIONS = PROTOCOL_REVISIONS;

/** A protocol revision with a requirement set. */
export type Revision = (typeof REVISIONS)[number];

/** Options of {@link runRequirements}. */
export interface RunRequirementsOptions {
  /** The Streamable HTTP endpoint under test. */
  url: URL | string;
  /** The revision whose requirement set runs, at that revision's wire. */
  revision: Revision;
  /** Where the suite writes each scenario's `checks.json`. Default: a new temp directory. */
  outputDir?: string;
  /** Gives up after this long. Default 10 min. */
  timeoutMs?: number;
}

/**
 * Runs `conformance server --url <url> --requirements <revision>` (suite 0.2.0-alpha.12): the
 * scenarios that revision requires plus its not-scored ones, at that revision's wire. The exit
 * code counts the required scenarios only.
 *
 * @example
 * ```ts
 * const run = await runRequirements({ url: "http://127.0.0.1:3000/mcp", revision: "2026-07-28" });
 * console.error(run.totals); // "Total: 157 passed, 0 failed"
 * ```
 */
export async function runRequirements(options: RunRequirementsOptions): Promise<SuiteRun> {
  const outputDir = options.outputDir ?? (await mkdtemp(join(tmpdir(), "wasi-mcp-requirements-")));
  const args = [
    CONFORMANCE_NEXT_CLI,
    "server",
    "--url",
    String(options.url),
    "--requirements",
    options.revision,
    "-o",
    outputDir,
  ];
  return runConformanceCli(args, outputDir, options.timeoutMs ?? 600_000);
}

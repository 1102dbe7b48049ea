#!/usr/bin/env node
// wasi-mcp-conformance: runs the official MCP conformance suite against mcp-compositor serving the
// everything component over Streamable HTTP and over stdio (through the bridge), prints the
// scenario table (Markdown) on stdout, and exits 1 when any check fails or warns.
//   wasi-mcp-conformance [http|stdio|all]                       0.1.16 --suite all
//   wasi-mcp-conformance requirements [<revision>|all] [http|stdio|all]   0.2.0-alpha.12 --requirements
//     (default: both revisions on both wires, one column per revision and wire)
import { rm } from "node:fs/promises";
import { REQUIREMENTS_SUITE_VERSION, REVISIONS, type Revision, runRequirements } from "./requirements.js";
import { problems, renderTable, type ScenarioResult } from "./results.js";
import { runSuite, SUITE_VERSION, type SuiteRun } from "./suite.js";
import { serveEverything, WIRES, type Wire } from "./wires.js";

/** How one wire is judged: the suite's label and the run itself. */
interface Judgement {
  /** The table column's suffix, e.g. " 2026-07-28" ("" for the 0.1.16 suite). */
  column: string;
  label: string;
  run(url: URL): Promise<SuiteRun>;
}

async function judge(wire: Wire, judgement: Judgement): Promise<{ results: ScenarioResult[]; ok: boolean }> {
  const endpoint = await serveEverything(wire);
  try {
    process.stderr.write(`conformance ${judgement.label} on ${WIRES[wire]} (${endpoint.url})\n`);
    const run = await judgement.run(endpoint.url);
    process.stderr.write(`${WIRES[wire]}${judgement.column}: ${run.totals}, exit ${run.exitCode}\n`);
    for (const problem of problems(run.results)) process.stderr.write(`  ${problem}\n`);
    await rm(run.outputDir, { recursive: true, force: true });
    return { results: run.results, ok: run.exitCode === 0 };
  } finally {
    await endpoint.close();
  }
}

const USAGE =
  "usage: wasi-mcp-conformance [http|stdio|all] | requirements [<revision>|all] [http|stdio|all]\n";

function requirementsJudgement(revision: Revision): Judgement {
  return {
    column: ` ${revision}`,
    label: `${REQUIREMENTS_SUITE_VERSION} --requirements ${revision}`,
    run: (url: URL) => runRequirements({ url, revision }),
  };
}

function judgementsFor(argv: readonly string[]): { judgements: Judgement[]; asked: string } | undefined {
  if (argv[0] !== "requirements") {
    const judgement = {
      column: "",
      label: `${SUITE_VERSION} --suite all`,
      run: (url: URL) => runSuite({ url }),
    };
    return { judgements: [judgement], asked: argv[0] ?? "all" };
  }
  const asked = argv[1] ?? "all";
  if (asked === "all") return { judgements: REVISIONS.map(requirementsJudgement), asked: argv[2] ?? "all" };
  if (!REVISIONS.includes(asked as Revision)) return undefined;
  return { judgements: [requirementsJudgement(asked as Revision)], asked: argv[2] ?? "all" };
}

const chosen = judgementsFor(process.argv.slice(2));
const wires = (chosen?.asked === "all" ? Object.keys(WIRES) : [chosen?.asked]) as Wire[];
if (!chosen || !wires.every((wire) => wire in WIRES)) {
  process.stderr.write(USAGE);
  process.exit(2);
}
const runs: Record<string, ScenarioResult[]> = {};
let ok = true;
for (const judgement of chosen.judgements) {
  for (const wire of wires) {
    const { results, ok: passed } = await judge(wire, judgement);
    runs[`${WIRES[wire]}${judgement.column}`] = results;
    ok &&= passed;
  }
}
process.stdout.write(`${renderTable(runs)}\n`);
process.exit(ok ? 0 : 1);

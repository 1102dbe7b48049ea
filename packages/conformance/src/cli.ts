#!/usr/bin/env node
// wasi-mcp-conformance: runs the official MCP conformance suite against mcp-compositor serving the
// everything component over Streamable HTTP and over stdio (through the bridge), prints the
// scenario table (Markdown) on stdout, and exits 1 when any check fails or warns.
//   wasi-mcp-conformance [http|stdio|all]                       0.1.16 --suite all
//   wasi-mcp-conformance requirements <revision> [http|stdio|all] 0.2.0-alpha.12 --requirements
import { rm } from "node:fs/promises";
import { REQUIREMENTS_SUITE_VERSION, REVISIONS, type Revision, runRequirements } from "./requirements.js";
import { problems, renderTable, type ScenarioResult } from "./results.js";
import { runSuite, SUITE_VERSION, type SuiteRun } from "./suite.js";
import { serveEverything, WIRES, type Wire } from "./wires.js";

/** How one wire is judged: the suite's label and the run itself. */
interface Judgement {
  label: string;
  run(url: URL): Promise<SuiteRun>;
}

async function judge(wire: Wire, judgement: Judgement): Promise<{ results: ScenarioResult[]; ok: boolean }> {
  const endpoint = await serveEverything(wire);
  try {
    process.stderr.write(`conformance ${judgement.label} on ${WIRES[wire]} (${endpoint.url})\n`);
    const run = await judgement.run(endpoint.url);
    process.stderr.write(`${WIRES[wire]}: ${run.totals}, exit ${run.exitCode}\n`);
    for (const problem of problems(run.results)) process.stderr.write(`  ${problem}\n`);
    await rm(run.outputDir, { recursive: true, force: true });
    return { results: run.results, ok: run.exitCode === 0 };
  } finally {
    await endpoint.close();
  }
}

const USAGE = "usage: wasi-mcp-conformance [http|stdio|all] | requirements <revision> [http|stdio|all]\n";

function judgementFor(argv: readonly string[]): { judgement: Judgement; asked: string } | undefined {
  if (argv[0] !== "requirements") {
    const judgement = { label: `${SUITE_VERSION} --suite all`, run: (url: URL) => runSuite({ url }) };
    return { judgement, asked: argv[0] ?? "all" };
  }
  const revision = argv[1] as Revision;
  if (!REVISIONS.includes(revision)) return undefined;
  const judgement = {
    label: `${REQUIREMENTS_SUITE_VERSION} --requirements ${revision}`,
    run: (url: URL) => runRequirements({ url, revision }),
  };
  return { judgement, asked: argv[2] ?? "all" };
}

const chosen = judgementFor(process.argv.slice(2));
const wires = (chosen?.asked === "all" ? Object.keys(WIRES) : [chosen?.asked]) as Wire[];
if (!chosen || !wires.every((wire) => wire in WIRES)) {
  process.stderr.write(USAGE);
  process.exit(2);
}
const runs: Record<string, ScenarioResult[]> = {};
let ok = true;
for (const wire of wires) {
  const { results, ok: passed } = await judge(wire, chosen.judgement);
  runs[WIRES[wire]] = results;
  ok &&= passed;
}
process.stdout.write(`${renderTable(runs)}\n`);
process.exit(ok ? 0 : 1);

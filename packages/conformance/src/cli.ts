#!/usr/bin/env node
// wasi-mcp-conformance: runs the official MCP conformance suite against mcp-compositor serving the
// everything component over Streamable HTTP and over stdio (through the bridge), prints the
// scenario table (Markdown) on stdout, and exits 1 when any check fails or warns.
import { rm } from "node:fs/promises";
import { problems, renderTable, type ScenarioResult } from "./results.js";
import { runSuite, SUITE_VERSION } from "./suite.js";
import { serveEverything, WIRES, type Wire } from "./wires.js";

async function judge(wire: Wire): Promise<{ results: ScenarioResult[]; ok: boolean }> {
  const endpoint = await serveEverything(wire);
  try {
    process.stderr.write(`conformance ${SUITE_VERSION} --suite all on ${WIRES[wire]} (${endpoint.url})\n`);
    const run = await runSuite({ url: endpoint.url });
    process.stderr.write(`${WIRES[wire]}: ${run.totals}, exit ${run.exitCode}\n`);
    for (const problem of problems(run.results)) process.stderr.write(`  ${problem}\n`);
    await rm(run.outputDir, { recursive: true, force: true });
    return { results: run.results, ok: run.exitCode === 0 };
  } finally {
    await endpoint.close();
  }
}

const asked = process.argv[2] ?? "all";
const wires = (asked === "all" ? Object.keys(WIRES) : [asked]) as Wire[];
if (!wires.every((wire) => wire in WIRES)) {
  process.stderr.write("usage: wasi-mcp-conformance [http|stdio|all]\n");
  process.exit(2);
}
const runs: Record<string, ScenarioResult[]> = {};
let ok = true;
for (const wire of wires) {
  const { results, ok: passed } = await judge(wire);
  runs[WIRES[wire]] = results;
  ok &&= passed;
}
process.stdout.write(`${renderTable(runs)}\n`);
process.exit(ok ? 0 : 1);

#!/usr/bin/env node
// The benchmark suite (P1–P8 of issue 10): every figure of the host beside the native MCP SDK
// server measured in the same run. Writes bench/results/<date>.json and the generated part of
// docs/benchmarks.md. Run on demand with `npm run bench` (builds first); never part of CI.
//   BENCH_ONLY=P1,P5   run some suites      BENCH_QUICK=1   a fast smoke run (1 round, few calls)
//   BENCH_ROUNDS, BENCH_SLICES, BENCH_CALLS, BENCH_SECONDS
//   BENCH_LABEL   suffix of the results file; a labelled run leaves docs/benchmarks.md alone
//   BENCH_NOTE    recorded with the machine (e.g. which host build a comparison run measured)
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describeMachine } from "./lib/machine.js";
import { requireBuilt } from "./lib/paths.js";
import { writeReport } from "./lib/report.js";

const SUITES = {
  P1: "./suites/p1-latency.js",
  P2: "./suites/p2-overhead.js",
  P3: "./suites/p3-throughput.js",
  P5: "./suites/p5-cold-start.js",
  P6: "./suites/p6-memory.js",
  P7: "./suites/p7-scaling.js",
  P8: "./suites/p8-recovery.js",
};

function configuration(env) {
  const quick = env.BENCH_QUICK === "1";
  const number = (name, full, fast) => Number(env[name] ?? (quick ? fast : full));
  return {
    quick,
    // Runs of the slow measurements (processes, memory, scaling, restarts).
    rounds: number("BENCH_ROUNDS", 3, 1),
    // Runs of the fast ones (latency, throughput): many short alternating slices, so that a burst of
    // load from elsewhere on the machine spoils a few slices rather than one server's whole run.
    slices: number("BENCH_SLICES", 9, 1),
    calls: number("BENCH_CALLS", 500, 200),
    warmup: quick ? 100 : 500,
    seconds: number("BENCH_SECONDS", 1, 0.5),
    sessions: 32,
    rate: 250,
    pacedSeconds: quick ? 0.5 : 2,
    coldSamples: quick ? 1 : 5,
    recoverySamples: quick ? 1 : 5,
    wires: ["in-memory", "stdio", "http", "ws"],
    only: (env.BENCH_ONLY ?? Object.keys(SUITES).join(",")).split(",").map((id) => id.trim().toUpperCase()),
    label: env.BENCH_LABEL,
  };
}

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));

async function main() {
  requireBuilt();
  const config = { ...configuration(process.env), log: (line) => process.stderr.write(`[bench] ${line}\n`) };
  const started = performance.now();
  const machine = { date: new Date().toISOString(), ...describeMachine() };
  const sections = [];
  const raw = {};
  for (const id of Object.keys(SUITES).filter((key) => config.only.includes(key))) {
    const suite = await import(SUITES[id]);
    const result = await suite.run(config);
    sections.push(...result.sections);
    raw[id] = result.raw;
  }
  sections.sort((a, b) => a.id.localeCompare(b.id));
  const { log: _log, only: _only, ...recorded } = config;
  recorded.elapsedSeconds = Math.round((performance.now() - started) / 1000);
  const day = machine.date.slice(0, 10);
  const file = `bench/results/${day}${config.label ? `-${config.label}` : ""}.json`;
  const results = { machine, config: recorded, sections, raw, file };
  mkdirSync(root("bench/results"), { recursive: true });
  writeFileSync(root(file), `${JSON.stringify(results, null, 1)}\n`);
  // A labelled run is an experiment (e.g. the "before" of a comparison): it leaves the docs alone.
  if (!config.label) writeReport(root("docs/benchmarks.md"), results);
  for (const g of sections.flatMap((section) => section.goals ?? [])) {
    process.stderr.write(`${g.met ? "met    " : "MISSED "} ${g.id} ${g.text}: ${g.value}\n`);
  }
  const docs = config.label ? "" : " and docs/benchmarks.md";
  process.stderr.write(`[bench] wrote ${file}${docs} in ${recorded.elapsedSeconds} s\n`);
}

await main();
process.exit(0);

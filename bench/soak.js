#!/usr/bin/env node
// `npm run soak`: 10 minutes (SOAK_SECONDS) of mixed load over Streamable HTTP, WebSocket and stdio
// at once against `mcp-compositor serve` (host-fixture, two instances), after a 7-minute warm-up
// (SOAK_WARMUP_SECONDS, default 420). The warm-up is longer than the HTTP event store's TTL (5 min):
// however slow the machine, the store is at its steady state (at a bound, or expiring) before the
// measured window starts; and the servers' heaps had settled by then on a quiet machine (RSS rose
// for ≈ 7 minutes, then stayed flat). The servers' V8 young generation starts at its full size
// (SOAK_SEMI_SPACE_MIB, default 64; see below). Prints answers, wrong, late (after 30 s), lost
// (never), duplicated, p50/p99 per wire and the servers' RSS, V8 heaps, event-loop stalls, stderr
// lines and the event store every 10 s; writes
// bench/results/soak-<date>T<time>.json (with the servers' stderr, each line timed). Exit code 1 when an answer was lost, wrong or duplicated
// (the RSS goal is reported, not enforced: a machine's memory is not a pass/fail matter here). Not
// part of CI's pass/fail; a 20-second version runs in CI (bench/test/soak.test.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describeMachine } from "./lib/machine.js";
import { runSoak } from "./lib/soak.js";

const seconds = Number(process.env.SOAK_SECONDS ?? 600);
const warmupSeconds = Number(process.env.SOAK_WARMUP_SECONDS ?? 420);
// V8 grows a server's young generation in steps, up to 64 MiB semi-spaces (128 MiB) here, after
// its busiest moments: on a loaded machine that step can fall in the measured window and read as
// growth. The servers start at that size, so RSS shows what the code holds. 0: V8's default.
const semiSpaceMiB = Number(process.env.SOAK_SEMI_SPACE_MIB ?? 64);
const machineBefore = describeMachine();
console.log(
  `soak: ${warmupSeconds} s warm-up, then ${seconds} s measured; servers' semi-space ${semiSpaceMiB || "V8's default"} MiB; load average ${machineBefore.loadAverage.join(" ")}`,
);
const outcome = await runSoak({ seconds, warmupSeconds, semiSpaceMiB, log: (line) => console.log(line) });
const { totals, verdict } = outcome;
console.log(
  `\ntotal: ${totals.answers} answers, ${totals.wrong} wrong, ${totals.late} late, ${totals.lost} lost, ${totals.duplicated} duplicated ${JSON.stringify(totals.duplicatedByWire)}`,
);
if (outcome.lateAnswers.length > 0) console.log("late answers:", outcome.lateAnswers);
if (outcome.lost.length > 0) console.log("lost calls:", outcome.lost);
const replaced = outcome.serverLog.filter(({ t }) => t >= 0).length;
console.log(`servers' stderr during the load: ${replaced} lines (kept in the results file)`);
for (const [op, counts] of Object.entries(totals.byOperation))
  console.log(`  ${op}: ${JSON.stringify(counts)}`);
if (outcome.wrongExamples.length > 0) console.log("wrong answers, first few:", outcome.wrongExamples);
for (const [wire, rss] of Object.entries(verdict.rss)) {
  console.log(
    `RSS ${wire}: ${rss.min}–${rss.max} MiB after warm-up; mean of the first third ${rss.firstThirdMiB} MiB → last third ${rss.lastThirdMiB} MiB (${rss.growthPercent} %); ` +
      `main V8 heap ${rss.heapTotalMiB.join(" → ")} MiB, workers' heaps ${rss.workerHeapTotalMiB.join(" → ")} MiB, ` +
      `instances' Wasm memory ${rss.wasmMiB.join(" → ")} MiB, anonymous RSS ${rss.rssAnonMiB.join(" → ")} MiB`,
  );
}
console.log(`RSS goal (last third within +10 % of the first): ${verdict.rssWithinGoal ? "met" : "missed"}`);
const store = verdict.eventStore;
if (store) {
  const line = (held) =>
    held
      ? `${(held.bytes / 1_048_576).toFixed(1)} MiB, ${held.events} events, ${held.streams} streams + ${held.tombstones} tombstones; bound reached: ${held.boundReached}`
      : "not sampled";
  console.log(`HTTP event store after the ${warmupSeconds} s warm-up: ${line(store.atWarmupEnd)}`);
  console.log(`HTTP event store at the end: ${line(store.atEnd)}`);
}
const dir = fileURLToPath(new URL("./results/", import.meta.url));
mkdirSync(dir, { recursive: true });
const file = `${dir}soak-${new Date().toISOString().slice(0, 16).replace(":", "")}.json`;
const machine = { ...machineBefore, loadAverageAtEnd: describeMachine().loadAverage };
console.log(`load average at the end: ${machine.loadAverageAtEnd.join(" ")}`);
writeFileSync(
  file,
  `${JSON.stringify({ seconds, warmupSeconds, semiSpaceMiB, machine, ...outcome }, null, 2)}\n`,
);
console.log(`written: ${file}`);
process.exit(verdict.correct ? 0 : 1);

#!/usr/bin/env node
// `npm run soak`: 10 minutes (SOAK_SECONDS) of mixed load over Streamable HTTP, WebSocket and stdio
// at once against `mcp-compositor serve` (host-fixture, two instances), after a 15 s warm-up. Prints
// answers, wrong, lost, duplicated, p50/p99 per wire and the servers' RSS every 10 s; writes
// bench/results/soak-<date>.json. Exit code 1 when an answer was lost, wrong or duplicated (the RSS
// goal is reported, not enforced: a machine's memory is not a pass/fail matter here). Not part of CI's
// pass/fail; a 20-second version runs in CI (bench/soak.test.js).
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runSoak } from "./lib/soak.js";

const seconds = Number(process.env.SOAK_SECONDS ?? 600);
const warmupSeconds = Number(process.env.SOAK_WARMUP_SECONDS ?? 15);
const outcome = await runSoak({ seconds, warmupSeconds, log: (line) => console.log(line) });
const { totals, verdict } = outcome;
console.log(
  `\ntotal: ${totals.answers} answers, ${totals.wrong} wrong, ${totals.lost} lost, ${totals.duplicated} duplicated ${JSON.stringify(totals.duplicatedByWire)}`,
);
for (const [op, counts] of Object.entries(totals.byOperation))
  console.log(`  ${op}: ${JSON.stringify(counts)}`);
if (outcome.wrongExamples.length > 0) console.log("wrong answers, first few:", outcome.wrongExamples);
for (const [wire, rss] of Object.entries(verdict.rss)) {
  console.log(
    `RSS ${wire}: ${rss.min}–${rss.max} MiB after warm-up; mean of the first third ${rss.firstThirdMiB} MiB → last third ${rss.lastThirdMiB} MiB (${rss.growthPercent} %)`,
  );
}
console.log(`RSS goal (last third within +10 % of the first): ${verdict.rssWithinGoal ? "met" : "missed"}`);
const dir = fileURLToPath(new URL("./results/", import.meta.url));
mkdirSync(dir, { recursive: true });
const file = `${dir}soak-${new Date().toISOString().slice(0, 10)}.json`;
writeFileSync(file, `${JSON.stringify({ seconds, warmupSeconds, ...outcome }, null, 2)}\n`);
console.log(`written: ${file}`);
process.exit(verdict.correct ? 0 : 1);

#!/usr/bin/env node
// Adds up the vitest JSON reports of every workspace package written by this run and prints one
// closing line, "N passed, N failed[, N skipped]". Exits 1 when a test or a test file failed, or no
// test ran at all.
//
// Usage: node scripts/test-summary.js [--since <epoch ms>]
// With --since, a report last written before that moment is from an earlier run (a package this run
// did not test, or whose tests died before reporting) and is left out, by name. Reports that turbo
// replays from its cache are written anew, so they count: their inputs are this run's.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { since: { type: "string" } } });
const since = values.since === undefined ? 0 : Number(values.since);
if (!Number.isFinite(since)) {
  console.error(`test-summary: --since wants milliseconds since the epoch, got "${values.since}"`);
  process.exit(2);
}

const root = new URL("..", import.meta.url).pathname;
const totals = { passed: 0, failed: 0, skipped: 0 };
const reports = [];
const stale = [];
// Every workspace package: the members of these groups, and bench/ itself.
const packageDirs = ["packages", "examples", "examples/components"]
  .filter((group) => existsSync(join(root, group)))
  .flatMap((group) => readdirSync(join(root, group)).map((name) => `${group}/${name}`))
  .concat("bench");
for (const label of packageDirs) {
  const report = join(root, label, ".vitest", "results.json");
  if (!existsSync(report)) continue;
  if (statSync(report).mtimeMs < since) {
    stale.push(label);
    continue;
  }
  const json = JSON.parse(readFileSync(report, "utf8"));
  totals.passed += json.numPassedTests;
  // A file that failed outside its tests (a hook, an import, a leaked process) fails no test; count it.
  const failedFilesWithoutFailedTests = json.testResults.filter(
    (file) => file.status === "failed" && file.assertionResults.every((test) => test.status !== "failed"),
  ).length;
  totals.failed += json.numFailedTests + failedFilesWithoutFailedTests;
  totals.skipped += json.numPendingTests + json.numTodoTests;
  reports.push(label);
}
console.log(`test reports: ${reports.join(", ")}`);
if (stale.length > 0) console.log(`left out, written before this run: ${stale.join(", ")}`);
const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : "";
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);

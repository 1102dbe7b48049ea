#!/usr/bin/env node
// Before/after table of two result files of bench/run.js, as markdown on stdout:
//   node bench/compare.js bench/results/<before>.json bench/results/<after>.json
// Each row: our median in each run and, where the figure has a comparison, its ratio to the native
// server of the same run — the ratio is what to compare when the machine's load differed.
import { readFileSync } from "node:fs";

const [beforeFile, afterFile] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  process.stderr.write("usage: node bench/compare.js <before.json> <after.json>\n");
  process.exit(2);
}
const load = (file) => JSON.parse(readFileSync(file, "utf8"));
const before = load(beforeFile);
const after = load(afterFile);

const key = (section, figure) => `${section.id}\u0000${figure.label}`;
const index = new Map(before.sections.flatMap((s) => s.figures.map((f) => [key(s, f), f])));

const digits = (value) => (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
const value = (f) => `${f.ours.median.toFixed(digits(f.ours.median))} ${f.unit}`;
const ratio = (f) => (f.ratio ? `${f.ratio.median.toFixed(2)}×` : "");

const rows = [
  "| | figure | before | after | change | ratio to native before → after |",
  "| --- | --- | --- | --- | --- | --- |",
];
for (const section of after.sections) {
  for (const figure of section.figures) {
    const old = index.get(key(section, figure));
    if (!old) continue;
    const change = (figure.ours.median / old.ours.median - 1) * 100;
    const ratios = figure.ratio ? `${ratio(old)} → ${ratio(figure)}` : "";
    rows.push(
      `| ${section.id} | ${figure.label.replaceAll("|", "\\|")} | ${value(old)} | ${value(figure)} | ${change >= 0 ? "+" : ""}${change.toFixed(0)} % | ${ratios} |`,
    );
  }
}
const load1 = (r) => r.machine.loadAverage[0];
process.stdout.write(
  `Before: ${before.machine.date} (commit ${before.machine.commit}, load ${load1(before)}); ` +
    `after: ${after.machine.date} (commit ${after.machine.commit}, load ${load1(after)}).\n\n${rows.join("\n")}\n`,
);

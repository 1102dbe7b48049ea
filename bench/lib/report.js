// Turns a results object into markdown and writes it between the markers of docs/benchmarks.md,
// leaving the hand-written parts of that file alone.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export const START = "<!-- bench:results:start -->";
export const END = "<!-- bench:results:end -->";

function number(value, unit) {
  if (!Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  const digits = unit === "×" || abs < 10 ? 2 : abs < 100 ? 1 : 0;
  return value.toFixed(digits);
}

function stat(s, unit) {
  if (!s) return "";
  const spread = s.runs.length > 1 ? ` (${number(s.min, unit)}–${number(s.max, unit)})` : "";
  return `${number(s.median, unit)} ${unit}${spread}`;
}

function ratio(r) {
  if (!r) return "";
  const spread = r.runs.length > 1 ? ` (${r.min.toFixed(2)}–${r.max.toFixed(2)})` : "";
  return `**${r.median.toFixed(2)}×**${spread}`;
}

const cell = (text) => String(text).replaceAll("|", "\\|");

function sectionMarkdown(section) {
  const lines = [`### ${section.id} — ${section.title}`, "", section.method, ""];
  lines.push("| figure | ours | compared with | that | ratio |", "| --- | --- | --- | --- | --- |");
  for (const f of section.figures) {
    lines.push(
      `| ${cell(f.label)} | ${stat(f.ours, f.unit)} | ${cell(f.baseLabel ?? "")} | ${stat(f.base, f.unit)} | ${ratio(f.ratio)} |`,
    );
  }
  return lines.join("\n");
}

function machineMarkdown(m, config) {
  return [
    `Run of ${m.date} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB RAM, ${m.os}; Node ${m.node} (V8 ${m.v8}); ` +
      `commit ${m.commit}${m.note ? ` (${m.note})` : ""}; load average at the start ${m.loadAverage.join(" / ")}; ` +
      `took ${config.elapsedSeconds} s.`,
    `Each figure is the median of its runs — ${config.slices} short alternating slices for latency and ` +
      `throughput (P1–P4), ${config.rounds} runs otherwise — with the spread (min–max of the runs) in ` +
      "brackets; a ratio is taken per run (ours ÷ the comparison of the same run), then summarised the same " +
      "way. Below 1× is better except for throughput. The machine is shared: other work running at the same " +
      "time shows up as wide spreads.",
  ].join("\n\n");
}

/** The generated part of docs/benchmarks.md. */
export function renderResults(results) {
  const goals = results.sections.flatMap((section) => section.goals ?? []);
  const parts = [
    machineMarkdown(results.machine, results.config),
    "#### Goals",
    "| goal | target | measured | met |\n| --- | --- | --- | --- |\n" +
      goals
        .map((g) => `| ${g.id} | ${cell(g.text)} | ${cell(g.value)} | ${g.met ? "yes" : "**no**"} |`)
        .join("\n"),
    ...results.sections.map(sectionMarkdown),
    `Raw numbers: [\`${results.file}\`](../${results.file}).`,
  ];
  return parts.join("\n\n");
}

/** Replaces the generated part of `path` (creating the file around it when missing). */
export function writeReport(path, results) {
  const generated = `${START}\n\n${renderResults(results)}\n\n${END}`;
  const current = existsSync(path) ? readFileSync(path, "utf8") : `# Benchmarks\n\n${START}\n${END}\n`;
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(`[@wasi-mcp/bench] ${path} lacks the ${START} … ${END} markers`);
  writeFileSync(path, current.slice(0, start) + generated + current.slice(end + END.length));
}

// P6: resident memory per extra pooled instance, from two fresh processes (pool of 1 and of 5),
// beside the RSS of a whole native SDK server process.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { figure, goal } from "../lib/figures.js";
import { COMPONENTS } from "../lib/paths.js";
import { acrossRuns } from "../lib/stats.js";

const CHILD = fileURLToPath(new URL("../lib/memory-child.js", import.meta.url));
const POOL = 5;

async function rss(...args) {
  const { stdout } = await promisify(execFile)(process.execPath, [CHILD, ...args], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout).rssMB;
}

async function perInstance(wasm, runs) {
  const values = [];
  for (let i = 0; i < runs; i++) {
    const one = await rss("ours", wasm, "1");
    const many = await rss("ours", wasm, String(POOL));
    values.push({ one, many, perInstance: (many - one) / (POOL - 1) });
  }
  return values;
}

/** Runs P6 for hello.wasm and tiny-wat.wasm. */
export async function run(config) {
  config.log("P6 memory");
  const native = [];
  for (let i = 0; i < config.rounds; i++) native.push(await rss("native"));
  const hello = await perInstance(COMPONENTS.hello, config.rounds);
  const wat = await perInstance(COMPONENTS.wat, config.rounds);
  const per = (list) => list.map((v) => v.perInstance);
  const figures = [
    figure(
      "hello.wasm: RSS per extra pooled instance",
      "MB",
      per(hello),
      native,
      "RSS of a whole native SDK server process",
    ),
    figure(
      "tiny-wat.wasm: RSS per extra pooled instance",
      "MB",
      per(wat),
      native,
      "RSS of a whole native SDK server process",
    ),
    figure(
      "hello.wasm: process RSS with 1 instance",
      "MB",
      hello.map((v) => v.one),
      native,
      "native SDK server process",
    ),
  ];
  const value = acrossRuns(per(hello)).median;
  return {
    sections: [
      {
        id: "P6",
        title: "memory per extra pooled instance",
        method:
          `RSS of a fresh process that loaded the component with a pool of ${POOL} minus one with a pool of 1, ` +
          `÷ ${POOL - 1}, after every instance served calls and a full GC of the main thread; ${config.rounds} ` +
          "runs. The comparison is what one more native server costs when scaled the native way: one more process.",
        figures,
        goals: [
          goal("P6", "≤ 40 MB per extra pooled instance (hello.wasm)", `${value.toFixed(1)} MB`, value <= 40),
        ],
      },
    ],
    raw: { native, hello, wat },
  };
}

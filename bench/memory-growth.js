#!/usr/bin/env node
// `node bench/memory-growth.js`: one instance of a component serving calls in a row at a small
// memory cap, its linear memory read every EVERY calls (default 1 000). Issue 25: a JS
// (ComponentizeJS) component's memory grows ≈ 0.3–0.4 KiB per call until its engine's first full
// GC, tens of MiB later (docs/reliability.md); the pool retires an instance at its high-water mark
// (`policy.memoryHighWaterRatio`) so that no call fails. Defaults: the kit-built `everything`
// component's `test_simple_text`, 500 000 calls, a 14 MiB cap, ratio 0.8, in-process (a worker
// costs a thread hop per call: ISOLATION=worker). RATIO=1 with a cap the memory outgrows shows the
// traps the mark prevents. Environment: COMPONENT (hello | everything | a path), TOOL, ARGS (JSON),
// CALLS, CAP_MIB, RATIO, ISOLATION, EVERY. Prints one line per EVERY calls and a summary; exit
// code 1 when a call failed.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadComponent } from "@wasi-mcp/host";
import { COMPONENTS, freshCacheDirectory } from "./lib/paths.js";

const KNOWN = {
  hello: { path: COMPONENTS.hello, tool: "echo", args: { text: "hello" } },
  everything: {
    path: fileURLToPath(new URL("../examples/components/everything/dist/everything.wasm", import.meta.url)),
    tool: "test_simple_text",
    args: {},
  },
};
const env = process.env;
const known = KNOWN[env.COMPONENT ?? "everything"];
const path = known?.path ?? env.COMPONENT;
const tool = env.TOOL ?? known?.tool;
const args = env.ARGS ? JSON.parse(env.ARGS) : (known?.args ?? {});
const calls = Number(env.CALLS ?? 500_000);
const capMiB = Number(env.CAP_MIB ?? 14);
const ratio = Number(env.RATIO ?? 0.8);
const isolation = env.ISOLATION ?? "in-process";
const every = Number(env.EVERY ?? 1_000);
if (!existsSync(path)) throw new Error(`[@wasi-mcp/bench] ${path} is not built; run \`npm run build\``);

const MiB = 1024 * 1024;
const health = [];
const component = await loadComponent(path, {
  cacheDirectory: freshCacheDirectory(),
  policy: { memoryLimitBytes: capMiB * MiB, memoryHighWaterRatio: ratio, isolation, deadlineMs: 60_000 },
  onHealth: (event) => health.push(event.detail),
});
const request = {
  requestId: 1,
  sessionId: "memory-growth",
  signal: new AbortController().signal,
  clientCapabilities: {},
  notify: async () => {},
  requestClient: async () => {
    throw new Error("no client here");
  },
};
console.log(`${path}: ${tool} × ${calls}, cap ${capMiB} MiB, high-water ratio ${ratio}, ${isolation}`);
console.log("calls,memory_mib,retirements,restarts,failed,us_per_call");
const failures = [];
const started = performance.now();
let windowStarted = started;
for (let i = 1; i <= calls; i++) {
  try {
    await component.backend.callTool(tool, args, request);
  } catch (error) {
    failures.push(`call ${i}: ${error.message}`);
  }
  if (i % every === 0) {
    const memory = component.memoryBytes();
    const now = performance.now();
    const perCall = ((now - windowStarted) * 1000) / every;
    windowStarted = now;
    const mib = memory.map((bytes) => (bytes / MiB).toFixed(2)).join("+");
    console.log(
      `${i},${mib},${component.retirements()},${component.restarts()},${failures.length},${perCall.toFixed(0)}`,
    );
  }
}
const seconds = (performance.now() - started) / 1000;
await component.close();
console.log(
  `\n${calls} calls in ${seconds.toFixed(0)} s: ${failures.length} failed, ${component.retirements()} retirements, ${component.restarts()} restarts`,
);
if (failures.length > 0) console.log("first failures:", failures.slice(0, 3));
if (health.length > 0) console.log("first health event:", health[0]);
process.exitCode = failures.length > 0 ? 1 : 0;

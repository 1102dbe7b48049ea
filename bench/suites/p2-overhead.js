// P2: host overhead per call — `backend.callTool` (worker hop, conversions, deadline, pool) beside
// the same export called directly on an instance in this thread, for a JS and a WAT component.
import { rmSync } from "node:fs";
import { directEcho, instantiateDirect, transpiledDirectory } from "../lib/direct.js";
import { figure, goal } from "../lib/figures.js";
import { loadOurs } from "../lib/ours.js";
import { COMPONENTS, freshCacheDirectory } from "../lib/paths.js";
import { alternate, field, latencyOf } from "../lib/stats.js";

const request = () => ({ requestId: 1, signal: new AbortController().signal, clientCapabilities: {} });

async function timeAsync(fn, calls, warmup) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await fn();
    samples[i] = (performance.now() - started) * 1000;
  }
  return latencyOf(samples);
}

function timeSync(fn, calls, warmup) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    fn();
    samples[i] = (performance.now() - started) * 1000;
  }
  return latencyOf(samples);
}

async function measureComponent(name, config) {
  const cacheDirectory = freshCacheDirectory();
  const ours = await loadOurs(COMPONENTS[name], { cacheDirectory });
  const inProcess = await loadOurs(COMPONENTS[name], { cacheDirectory, policy: { isolation: "in-process" } });
  try {
    const direct = directEcho((await instantiateDirect(transpiledDirectory(cacheDirectory))).instance);
    const echo = (loaded) => () => loaded.component.backend.callTool("echo", { text: "hello" }, request());
    const hosted = { host: echo(ours), inProcess: echo(inProcess) };
    return await alternate(["direct", "host", "inProcess"], config.slices, (variant, round) => {
      const warmup = round === 0 ? config.warmup : 100;
      return variant === "direct"
        ? timeSync(direct, config.calls, warmup)
        : timeAsync(hosted[variant], config.calls, warmup);
    });
  } finally {
    await ours.component.close();
    await inProcess.component.close();
    rmSync(cacheDirectory, { recursive: true, force: true });
  }
}

const NAMES = { hello: "hello.wasm (JS guest)", wat: "tiny-wat.wasm (WAT guest)" };

/** Runs P2 for hello.wasm and tiny-wat.wasm. */
export async function run(config) {
  const raw = {};
  const figures = [];
  const overheads = {};
  const inProcessOverheads = {};
  for (const name of ["hello", "wat"]) {
    config.log(`P2 ${name}`);
    const runs = await measureComponent(name, config);
    raw[name] = runs;
    const overhead = runs.host.map((host, i) => host.p50 - runs.direct[i].p50);
    overheads[name] = figure(
      `${NAMES[name]}: host overhead per call (p50 host − p50 direct)`,
      "µs",
      overhead,
    );
    inProcessOverheads[name] = figure(
      `${NAMES[name]}, isolation "in-process": host overhead per call`,
      "µs",
      runs.inProcess.map((hosted, i) => hosted.p50 - runs.direct[i].p50),
    );
    for (const [variant, label] of [
      ["host", "backend.callTool"],
      ["inProcess", 'backend.callTool, isolation "in-process"'],
    ]) {
      for (const q of ["p50", "p99"]) {
        figures.push(
          figure(
            `${NAMES[name]}: ${label} ${q}`,
            "µs",
            field(runs[variant], q),
            field(runs.direct, q),
            "the export called directly in-process",
          ),
        );
      }
    }
    figures.push(overheads[name], inProcessOverheads[name]);
  }
  const summary = (list) =>
    Object.entries(list)
      .map(([name, f]) => `${name} ${f.ours.median.toFixed(1)} µs`)
      .join(", ");
  const value = `${summary(overheads)}; isolation "in-process": ${summary(inProcessOverheads)}`;
  return {
    sections: [
      {
        id: "P2",
        title: "host overhead per call over a direct in-process export call",
        method:
          "`component.backend.callTool('echo', {text:'hello'})` (the host API under the router: pool, worker " +
          "hop, WIT↔MCP conversions, deadline timer) beside `handlers.callTool(ctx, 'echo', json)` on an " +
          "instance of the same transpiled component created in the benchmark's own thread, " +
          `${config.calls} calls per round, ${config.slices} alternating rounds. The same with policy ` +
          '`isolation: "in-process"` (the instance in the host\'s thread; for trusted components). The goal ' +
          "is judged on the default, a worker.",
        figures,
        goals: [
          goal(
            "P2",
            "host overhead ≤ 30 µs per call (JS and WAT component)",
            value,
            Object.values(overheads).every((f) => f.ours.median <= 30),
          ),
        ],
      },
    ],
    raw,
  };
}

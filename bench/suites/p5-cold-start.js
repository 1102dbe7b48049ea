// P5 cold start, each sample a fresh process: uncached load (empty transpile cache), cached load,
// in-process instantiation, and spawn → first tools/call result over stdio, vs a native SDK server.
import { rmSync } from "node:fs";
import { startServer } from "../lib/children.js";
import { instantiateDirect, transpiledDirectory } from "../lib/direct.js";
import { figure, goal, times } from "../lib/figures.js";
import { loadOurs } from "../lib/ours.js";
import { COMPONENTS, freshCacheDirectory } from "../lib/paths.js";
import { acrossRuns } from "../lib/stats.js";
import { stdioSession } from "../lib/wires.js";

/** Spawns a stdio server and times spawn → first echo answered; returns that and what it reported. */
async function coldStart(variant, wasm, cacheDirectory) {
  const started = performance.now();
  const server = await startServer(
    "stdio",
    variant,
    wasm,
    cacheDirectory ? { WASI_MCP_CACHE_DIR: cacheDirectory } : {},
  );
  try {
    const session = await stdioSession(server.child);
    await session.echo("first");
    const firstResult = performance.now() - started;
    const reported = await server.ready;
    return { firstResult, readyMs: reported.readyMs, ...(reported.timings ?? {}) };
  } finally {
    await server.stop();
  }
}

async function samples(count, variant, wasm, cacheFor) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(await coldStart(variant, wasm, cacheFor(i)));
  return out;
}

/** Compile + instantiate + run in this thread, no worker (median of `count`). */
async function instantiation(count) {
  const cacheDirectory = freshCacheDirectory();
  const ours = await loadOurs(COMPONENTS.hello, { cacheDirectory });
  await ours.component.close();
  const directory = transpiledDirectory(cacheDirectory);
  const out = [];
  for (let i = 0; i < count; i++) out.push(await instantiateDirect(directory));
  rmSync(cacheDirectory, { recursive: true, force: true });
  return out;
}

const pick = (list, key) => list.map((item) => item[key]);

/** Runs P5 with `config.coldSamples` processes per variant. */
export async function run(config) {
  const n = config.coldSamples;
  config.log("P5 uncached");
  const fresh = [];
  const uncached = await samples(n, "ours", COMPONENTS.hello, () => {
    fresh.push(freshCacheDirectory());
    return fresh.at(-1);
  });
  const warm = fresh[0];
  config.log("P5 cached");
  const cached = await samples(n, "ours", COMPONENTS.hello, () => warm);
  await coldStart("ours", COMPONENTS.wat, warm); // fills the cache for tiny-wat
  const wat = await samples(n, "ours", COMPONENTS.wat, () => warm);
  const native = await samples(n, "native", undefined, () => undefined);
  for (const dir of fresh) rmSync(dir, { recursive: true, force: true });
  const direct = await instantiation(n);
  const nativeFirst = pick(native, "firstResult");
  const nativeReady = pick(native, "readyMs");
  const figures = [
    figure("hello.wasm, uncached: loadComponent total", "ms", pick(uncached, "total")),
    figure("↳ transpile (jco)", "ms", pick(uncached, "transpile")),
    figure("hello.wasm, cached: loadComponent total", "ms", pick(cached, "total")),
    figure("↳ read + hash", "ms", pick(cached, "read")),
    figure("↳ compile core modules", "ms", pick(cached, "compile")),
    figure("↳ start (worker, instantiate, run)", "ms", pick(cached, "start")),
    figure("tiny-wat.wasm, cached: loadComponent total", "ms", pick(wat, "total")),
    figure(
      "hello.wasm instantiate + run in-process, no worker (compile separate)",
      "ms",
      pick(direct, "instantiateMs"),
    ),
    figure(
      "process start → serving, hello.wasm cached",
      "ms",
      pick(cached, "readyMs"),
      nativeReady,
      "native SDK server",
    ),
    figure(
      "process start → serving, hello.wasm uncached",
      "ms",
      pick(uncached, "readyMs"),
      nativeReady,
      "native SDK server",
    ),
    figure(
      "spawn → first tools/call result (stdio), hello.wasm cached",
      "ms",
      pick(cached, "firstResult"),
      nativeFirst,
      "native SDK server",
    ),
    figure(
      "spawn → first tools/call result (stdio), hello.wasm uncached",
      "ms",
      pick(uncached, "firstResult"),
      nativeFirst,
      "native SDK server",
    ),
    figure(
      "spawn → first tools/call result (stdio), tiny-wat.wasm cached",
      "ms",
      pick(wat, "firstResult"),
      nativeFirst,
      "native SDK server",
    ),
  ];
  const cachedLoad = acrossRuns(pick(cached, "total"));
  const first = figures[10];
  return {
    sections: [
      {
        id: "P5",
        title: "cold start",
        method:
          `${n} fresh processes per row, each serving over stdio: uncached = empty transpile cache, cached = warm ` +
          "cache (the core modules are still compiled in every process). `loadComponent` phases are the host's " +
          "own `LoadTimings`; spawn → first result is measured by the parent (process start, imports, load, " +
          "initialize, one `echo`). Instantiation alone is measured in the benchmark's thread.",
        figures,
        goals: [
          goal(
            "P5",
            "cached load ≤ 150 ms",
            `${cachedLoad.median.toFixed(0)} ms (spawn → first result ${first.ours.median.toFixed(0)} ms, ${times(first.ratio.median)} native)`,
            cachedLoad.median <= 150,
          ),
        ],
      },
    ],
    raw: { uncached, cached, wat, native, direct },
  };
}

// Loaded into each soak server with `node --import`: answers the soak's IPC question "how are you?"
// with the process's memory (RSS and its anonymous/file parts, V8 heap, external and array buffers,
// each instance worker's V8 heap and Wasm linear memory) and, in an HTTP server, what
// its resumption event store holds (bytes, events, streams and tombstones of emptied streams) — so the soak's report can
// tell a store filling to its bounds from a slope. Not loaded outside the soak.
import { readFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";
import workerThreads from "node:worker_threads";
import { InMemoryEventStore } from "@wasi-mcp/transport-http";

// The worker threads the host runs component instances in, so their V8 heaps can be reported too.
const workers = new Set();
const { Worker } = workerThreads;
// An instance worker reports its linear memory with each call's result (and when it is ready).
const wasmBytes = new WeakMap();
workerThreads.Worker = class extends Worker {
  constructor(...args) {
    super(...args);
    workers.add(this);
    this.once("exit", () => workers.delete(this));
    this.on("message", (message) => {
      if (
        (message?.type === "result" || message?.type === "ready") &&
        typeof message.memoryBytes === "number"
      )
        wasmBytes.set(this, message.memoryBytes);
    });
  }
};
syncBuiltinESMExports();

const stores = new Set();
const { storeSerializedEvent } = InMemoryEventStore.prototype;
InMemoryEventStore.prototype.storeSerializedEvent = function (...args) {
  stores.add(this);
  return storeSerializedEvent.apply(this, args);
};

// Diagnosis only: SOAK_EVENT_STORE='{"maxBytesPerSession": 65536}' changes the defaults the HTTP
// server's own store is built with (to see whether the store's fill explains a rise in RSS).
if (process.env.SOAK_EVENT_STORE) {
  const { EVENT_STORE_DEFAULTS } = await import("@wasi-mcp/transport-http");
  Object.assign(EVENT_STORE_DEFAULTS, JSON.parse(process.env.SOAK_EVENT_STORE));
}

// How long the main thread's event loop was stalled at worst since the last sample: a server that
// answers nothing for a while is either stalled here or waiting on its instances.
const loopDelay = monitorEventLoopDelay({ resolution: 20 });
loopDelay.enable();

/** The V8 heaps of the live worker threads, summed. */
async function workerHeaps() {
  const stats = await Promise.all(
    [...workers].map((worker) => worker.getHeapStatistics?.().catch(() => undefined)),
  );
  const live = stats.filter((s) => s !== undefined);
  const sum = (key) => live.reduce((total, s) => total + s[key], 0);
  return { count: live.length, used: sum("used_heap_size"), total: sum("total_heap_size") };
}

/** The process's resident memory by kind (Linux `/proc/self/status`): anonymous, file-backed, shared. */
function rssParts() {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const kib = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
    return { anon: kib("RssAnon") * 1024, file: kib("RssFile") * 1024, shmem: kib("RssShmem") * 1024 };
  } catch {
    return { anon: Number.NaN, file: Number.NaN, shmem: Number.NaN };
  }
}

/** The figures one sample reports. */
async function figures() {
  const heaps = await workerHeaps();
  const memory = process.memoryUsage();
  const mib = (bytes) => Math.round(bytes / 1_048_576);
  const parts = rssParts();
  // Each live instance worker's linear memory, as of its last call (largest first).
  const wasm = [...workers]
    .map((worker) => wasmBytes.get(worker))
    .filter((bytes) => bytes !== undefined)
    .sort((a, b) => b - a);
  const eventStore =
    stores.size === 0
      ? undefined
      : [...stores].reduce(
          (sum, store) => ({
            bytes: sum.bytes + store.heldBytes,
            events: sum.events + store.size,
            streams: sum.streams + (store.streamCount?.live ?? store.streams.size),
            tombstones: sum.tombstones + (store.streamCount?.tombstones ?? 0),
          }),
          { bytes: 0, events: 0, streams: 0, tombstones: 0 },
        );
  const loopDelayMaxMs = Math.round(loopDelay.max / 1e6);
  loopDelay.reset();
  return {
    loopDelayMaxMs,
    rssMiB: mib(memory.rss),
    rssAnonMiB: mib(parts.anon),
    rssFileMiB: mib(parts.file),
    heapUsedMiB: mib(memory.heapUsed),
    heapTotalMiB: mib(memory.heapTotal),
    externalMiB: mib(memory.external),
    arrayBuffersMiB: mib(memory.arrayBuffers),
    // The main heap by space: young generation (new_space), old, large objects, code.
    spacesMiB: Object.fromEntries(
      getHeapSpaceStatistics()
        .filter((space) => space.space_size > 0)
        .map((space) => [space.space_name.replace(/_space$/, ""), mib(space.space_size)]),
    ),
    workers: heaps.count,
    workerHeapUsedMiB: mib(heaps.used),
    workerHeapTotalMiB: mib(heaps.total),
    wasmMiB: mib(wasm.reduce((total, bytes) => total + bytes, 0)),
    wasmPerWorkerMiB: wasm.map((bytes) => Number((bytes / 1_048_576).toFixed(1))),
    ...(eventStore ? { eventStore } : {}),
  };
}

if (process.send) {
  process.on("message", (message) => {
    if (message === "soak-probe") void figures().then((soakProbe) => process.send?.({ soakProbe }));
  });
  process.channel?.unref();
}

#!/usr/bin/env node
// `node bench/big-results.js [wasm…]`: tools/call `echo` with a KIB KiB text (default 64: the text
// goes in and the same comes back) over stdio and Streamable HTTP, one session, SESSIONS concurrent
// callers (default 4) for MEASURE_SECONDS per run (default 5), against the native SDK server with the same
// tool and each given component (default hello.wasm), interleaved for ROUNDS rounds (default 3).
// Prints calls/s per run and the median ratio to native, and the CPU time each server spent per
// call (its main thread — which one instance's calls and every session share — and all threads),
// which a loaded machine does not skew as it does calls/s. To compare two builds of a component in
// the same run, give both (e.g. one built with `nativeStrings: false`; see docs/benchmarks.md).
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { startServer, urlOf } from "./lib/children.js";
import { COMPONENTS, freshCacheDirectory } from "./lib/paths.js";
import { httpSession, stdioSession } from "./lib/wires.js";

const wasms = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [COMPONENTS.hello];
const kib = Number(process.env.KIB ?? 64);
const seconds = Number(process.env.MEASURE_SECONDS ?? 5);
const rounds = Number(process.env.ROUNDS ?? 3);
const callers = Number(process.env.SESSIONS ?? 4);
const wires = (process.env.WIRES ?? "stdio,http").split(",");
const text = "x".repeat(kib * 1024);
const variants = [
  { name: "native", variant: "native" },
  ...wasms.map((wasm) => ({ name: basename(wasm), variant: "ours", wasm })),
];

/**
 * CPU time (ms) a server process has used so far: all its threads, and its main thread alone (the
 * host thread: the one every session shares). Read from /proc, so it is what the server spent
 * whatever the load of the machine (throughput on a shared machine is not); Linux only.
 */
function cpuOf(pid) {
  const ticks = (path) => {
    try {
      const fields = readFileSync(path, "utf8").split(") ")[1].split(" ");
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      return Number.NaN;
    }
  };
  return { process: ticks(`/proc/${pid}/stat`), main: ticks(`/proc/${pid}/task/${pid}/stat`) };
}

/** Calls per second of `callers` concurrent loops on one session for `seconds`; checks each answer. */
async function throughput(session) {
  let calls = 0;
  let wrong = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < until) {
        const reply = await session.call("echo", { text });
        if (reply.result?.content?.[0]?.text === text) calls++;
        else wrong++;
      }
    }),
  );
  return { perSecond: calls / seconds, wrong, calls };
}

const results = {};
const cpu = {};
const cache = freshCacheDirectory();
for (let round = 0; round < rounds; round++) {
  for (const wire of wires) {
    for (const { name, variant, wasm } of variants) {
      const server = await startServer(wire, variant, wasm, { WASI_MCP_CACHE_DIR: cache });
      await server.ready;
      const session =
        wire === "stdio" ? await stdioSession(server.child) : await httpSession(urlOf(wire, server));
      await throughput(session); // a first run warms up both sides; not counted
      const before = cpuOf(server.child.pid);
      const measured = await throughput(session);
      const after = cpuOf(server.child.pid);
      session.close();
      await server.stop();
      const key = `${wire} ${name}`;
      results[key] = [...(results[key] ?? []), measured.perSecond];
      const perCall = (field) => (after[field] - before[field]) / Math.max(1, measured.calls);
      cpu[key] = [...(cpu[key] ?? []), { main: perCall("main"), process: perCall("process") }];
      console.log(
        `round ${round + 1} ${wire} ${name}: ${measured.perSecond.toFixed(0)} calls/s${measured.wrong ? `, ${measured.wrong} wrong` : ""}, ` +
          `CPU per call: main thread ${perCall("main").toFixed(3)} ms, process ${perCall("process").toFixed(3)} ms`,
      );
    }
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  `\n${kib} KiB echo, ${callers} callers, ${seconds} s × ${rounds} rounds (median calls/s, ratio to native)`,
);
for (const wire of wires) {
  const native = median(results[`${wire} native`]);
  for (const { name } of variants) {
    const value = median(results[`${wire} ${name}`]);
    const mainCpu = median(cpu[`${wire} ${name}`].map((c) => c.main));
    const nativeCpu = median(cpu[`${wire} native`].map((c) => c.main));
    console.log(
      `${wire} ${name}: ${value.toFixed(0)} calls/s (${(value / native).toFixed(2)} × native); ` +
        `main-thread CPU ${mainCpu.toFixed(3)} ms per call (${(mainCpu / nativeCpu).toFixed(2)} × native), ` +
        `process ${median(cpu[`${wire} ${name}`].map((c) => c.process)).toFixed(3)} ms`,
    );
  }
}

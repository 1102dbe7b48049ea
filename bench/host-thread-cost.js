#!/usr/bin/env node
// `node bench/host-thread-cost.js`: the host thread's CPU time per `backend.callTool` of hello's
// `echo` with a KIB KiB text (default 64), in one process, the instance in its worker (no wire):
// what the host thread — which every session of a server shares — spends on one big call
// besides the transport. CPU time of this thread (`process.threadCpuUsage`), so a loaded machine
// skews it less than wall time. CALLS calls (default 500) after 50 warm-up calls, ROUNDS rounds
// (default 5); prints each round and the median. Needs Node ≥ 23.9.
import { loadComponent } from "@wasi-mcp/host";
import { COMPONENTS, freshCacheDirectory, requireBuilt } from "./lib/paths.js";

requireBuilt();
const kib = Number(process.env.KIB ?? 64);
const calls = Number(process.env.CALLS ?? 500);
const rounds = Number(process.env.ROUNDS ?? 5);
const text = "x".repeat(kib * 1024);
const request = () => ({ requestId: 1, signal: new AbortController().signal, clientCapabilities: {} });
const component = await loadComponent(COMPONENTS.hello, {
  cacheDirectory: freshCacheDirectory(),
  onHealth: () => {},
  onLog: () => {},
});
const call = async () => {
  const result = await component.backend.callTool("echo", { text }, request());
  if (result.content[0].text.length !== text.length) throw new Error("wrong answer");
};
for (let i = 0; i < 50; i++) await call();
const perCall = [];
for (let round = 0; round < rounds; round++) {
  const before = process.threadCpuUsage();
  for (let i = 0; i < calls; i++) await call();
  const used = process.threadCpuUsage(before);
  perCall.push((used.user + used.system) / calls);
  console.log(`round ${round + 1}: ${perCall.at(-1).toFixed(1)} µs of host-thread CPU per call`);
}
await component.close();
const median = [...perCall].sort((a, b) => a - b)[Math.floor(rounds / 2)];
console.log(
  `${kib} KiB echo, hello.wasm (worker): median ${median.toFixed(1)} µs of host-thread CPU per call`,
);

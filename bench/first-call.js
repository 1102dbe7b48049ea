#!/usr/bin/env node
// `node bench/first-call.js`: what `policy.idleInstanceMs` (ADR 0014) costs the call that finds no
// instance. hello.wasm and tiny-wat.wasm are loaded with `idleInstanceMs: 0` (the instance is
// stopped once the load has read its registrations); ROUNDS times (default 10) each: wait until
// no instance lives, time one `echo` (it starts an instance, then runs), then time a warm `echo`
// on the instance it left. Both isolation modes. Prints the medians and the difference: the
// start an idle stop puts on the next call.
import { loadComponent } from "@wasi-mcp/host";
import { COMPONENTS, freshCacheDirectory, requireBuilt } from "./lib/paths.js";

requireBuilt();
const rounds = Number(process.env.ROUNDS ?? 10);
const cacheDirectory = freshCacheDirectory();
const request = () => ({
  requestId: 1,
  signal: new AbortController().signal,
  clientCapabilities: {},
});
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

console.log(
  "component, isolation | first call after an idle stop (ms, median) | warm call (ms) | start cost (ms)",
);
for (const [label, wasm] of [
  ["hello.wasm", COMPONENTS.hello],
  ["tiny-wat.wasm", COMPONENTS.wat],
]) {
  for (const isolation of ["worker", "in-process"]) {
    const component = await loadComponent(wasm, {
      cacheDirectory,
      policy: { idleInstanceMs: 0, isolation },
      onHealth: () => {},
      onLog: () => {},
    });
    const cold = [];
    const warm = [];
    for (let round = 0; round < rounds; round++) {
      while (component.memoryBytes().length > 0) await sleep(5);
      let started = performance.now();
      await component.backend.callTool("echo", { text: "first" }, request());
      cold.push(performance.now() - started);
      // The instance is free again, its idle timer (0 ms) not yet fired: a warm call, now.
      started = performance.now();
      const warmCall = component.backend.callTool("echo", { text: "warm" }, request());
      await warmCall;
      warm.push(performance.now() - started);
    }
    await component.close();
    const [c, w] = [median(cold), median(warm)];
    console.log(`${label}, ${isolation} | ${c.toFixed(1)} | ${w.toFixed(2)} | ${(c - w).toFixed(1)}`);
  }
}

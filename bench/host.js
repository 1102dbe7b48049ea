#!/usr/bin/env node
// Host costs, measured in one run: cold and cached load, one tools/call through the worker hop
// beside the same export called directly in this thread, and RSS per extra pooled instance.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cli, clocks, filesystem, io, random } from "@bytecodealliance/preview2-shim";
import { loadComponent } from "@wasi-mcp/host";

const hello = new URL("../examples/components/hello/dist/hello.wasm", import.meta.url).pathname;
const CALLS = Number(process.env.BENCH_CALLS ?? 5000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p99 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)];
const request = () => ({ requestId: 1, signal: new AbortController().signal, clientCapabilities: {} });

async function loads(cacheDirectory) {
  const cold = [];
  const cached = [];
  for (let i = 0; i < 3; i++) {
    const dir = mkdtempSync(join(tmpdir(), "wasi-mcp-bench-cold-"));
    const first = await loadComponent(hello, { cacheDirectory: dir });
    cold.push(first.timings);
    await first.close();
    rmSync(dir, { recursive: true, force: true });
  }
  for (let i = 0; i < 5; i++) {
    const again = await loadComponent(hello, { cacheDirectory });
    cached.push(again.timings);
    await again.close();
  }
  const summary = (list) =>
    Object.fromEntries(Object.keys(list[0]).map((key) => [key, median(list.map((t) => t[key])).toFixed(1)]));
  return { cold: summary(cold), cached: summary(cached) };
}

async function directExport(cacheDirectory) {
  const [key] = readdirSync(join(cacheDirectory, "transpiled"));
  const dir = join(cacheDirectory, "transpiled", key);
  const generated = await import(pathToFileURL(join(dir, "component.js")).href);
  const noop = () => {};
  const runtime = {
    registerServer: noop,
    registerTools: noop,
    registerResources: noop,
    registerResourceTemplates: noop,
    registerPrompts: noop,
    serve: noop,
    sendNotification: noop,
    log: noop,
    reportProgress: noop,
    getClientCapabilities: () => ({ sampling: false, elicitation: false, roots: false }),
    requestSampling: noop,
    requestElicitation: noop,
  };
  const fs = filesystem.createFilesystem({ preopens: {} });
  const imports = {
    "wasi:cli/environment": cli.environment,
    "wasi:cli/exit": cli.exit,
    "wasi:cli/stdin": cli.stdin,
    "wasi:cli/stdout": cli.stdout,
    "wasi:cli/stderr": cli.stderr,
    "wasi:cli/terminal-input": cli.terminalInput,
    "wasi:cli/terminal-output": cli.terminalOutput,
    "wasi:cli/terminal-stdin": cli.terminalStdin,
    "wasi:cli/terminal-stdout": cli.terminalStdout,
    "wasi:cli/terminal-stderr": cli.terminalStderr,
    "wasi:clocks/monotonic-clock": clocks.monotonicClock,
    "wasi:clocks/wall-clock": clocks.wallClock,
    "wasi:filesystem/preopens": fs.preopens,
    "wasi:filesystem/types": fs.types,
    "wasi:io/error": io.error,
    "wasi:io/poll": io.poll,
    "wasi:io/streams": io.streams,
    "wasi:random/random": random.random,
    "wasi:mcp/runtime": runtime,
  };
  const { readFile } = await import("node:fs/promises");
  const instance = await generated.instantiate(
    async (file) => WebAssembly.compile(await readFile(join(dir, file))),
    imports,
  );
  instance.run.run();
  const ctx = { requestId: "1" };
  return () => instance.handlers.callTool(ctx, "echo", '{"text":"hello"}');
}

async function time(fn) {
  for (let i = 0; i < 300; i++) await fn();
  const samples = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    await fn();
    samples.push((performance.now() - started) * 1000);
  }
  return { p50: median(samples), p99: p99(samples) };
}

async function rssPerInstance(cacheDirectory) {
  globalThis.gc?.();
  const one = await loadComponent(hello, { cacheDirectory, policy: { poolSize: 1 } });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const rssOne = process.memoryUsage().rss;
  await one.close();
  const five = await loadComponent(hello, { cacheDirectory, policy: { poolSize: 5 } });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const rssFive = process.memoryUsage().rss;
  await five.close();
  return (rssFive - rssOne) / 4 / 1024 / 1024;
}

const cacheDirectory = mkdtempSync(join(tmpdir(), "wasi-mcp-bench-host-"));
try {
  const loadFigures = await loads(cacheDirectory);
  const direct = await time(await directExport(cacheDirectory));
  const component = await loadComponent(hello, { cacheDirectory });
  const hop = await time(() => component.backend.callTool("echo", { text: "hello" }, request()));
  await component.close();
  const perInstance = await rssPerInstance(cacheDirectory);
  console.log("load hello.wasm, median ms:");
  console.log("  cold  ", JSON.stringify(loadFigures.cold));
  console.log("  cached", JSON.stringify(loadFigures.cached));
  console.log(`tools/call echo, ${CALLS} calls (µs):`);
  console.log(
    `  direct export call in this thread  p50 ${direct.p50.toFixed(1)}  p99 ${direct.p99.toFixed(1)}`,
  );
  console.log(`  host backend (worker hop)          p50 ${hop.p50.toFixed(1)}  p99 ${hop.p99.toFixed(1)}`);
  console.log(
    `  host overhead per call             p50 ${(hop.p50 - direct.p50).toFixed(1)} µs (${(hop.p50 / direct.p50).toFixed(2)}×)`,
  );
  console.log(`RSS per extra pooled instance: ${perInstance.toFixed(1)} MiB`);
} finally {
  rmSync(cacheDirectory, { recursive: true, force: true });
}

#!/usr/bin/env node
// `node bench/http-memory.js [root…]`: server RSS under a steady Streamable HTTP load — SESSIONS
// sessions (default 16), each calling `echo` in a loop, one call in ten with a 64 KiB text — for
// MEASURE_SECONDS (default 60), against the native SDK server and, for each checkout root given (default
// this one), `hello.wasm` served by that root's `bench/lib/serve.js`. RSS (VmRSS) is sampled every
// 5 s; printed: calls/s, RSS after the first 10 s and at the end, and the peak.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer, urlOf } from "./lib/children.js";
import { freshCacheDirectory } from "./lib/paths.js";
import { httpSession, openSessions } from "./lib/wires.js";

const here = fileURLToPath(new URL("..", import.meta.url));
const roots = (process.argv.slice(2).length > 0 ? process.argv.slice(2) : [here]).map((root) =>
  resolve(root),
);
const seconds = Number(process.env.MEASURE_SECONDS ?? 60);
const sessionCount = Number(process.env.SESSIONS ?? 16);
const small = "x".repeat(64);
const big = "x".repeat(64 * 1024);
const MiB = 1024 * 1024;

const rssOf = (pid) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;

async function measure(label, server) {
  await server.ready;
  const sessions = await openSessions(sessionCount, () => httpSession(urlOf("http", server)));
  const samples = [];
  const sampler = setInterval(() => samples.push(rssOf(server.child.pid)), 5_000);
  let calls = 0;
  let wrong = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    sessions.map(async (session, s) => {
      for (let n = s; performance.now() < until; n++) {
        const text = n % 10 === 0 ? big : small;
        const reply = await session.call("echo", { text });
        if (reply.result?.content?.[0]?.text === text) calls++;
        else wrong++;
      }
    }),
  );
  clearInterval(sampler);
  await server.stop();
  const mib = (bytes) => (bytes / MiB).toFixed(0);
  console.log(
    `${label}: ${(calls / seconds).toFixed(0)} calls/s${wrong ? ` (${wrong} wrong)` : ""}; RSS at 10 s ${mib(samples[1] ?? 0)} MiB, ` +
      `at the end ${mib(samples.at(-1) ?? 0)} MiB, peak ${mib(Math.max(...samples))} MiB`,
  );
}

const cache = freshCacheDirectory();
await measure("native SDK server", await startServer("http", "native"));
for (const root of roots) {
  const wasm = join(root, "examples", "components", "hello", "dist", "hello.wasm");
  const serve = join(root, "bench", "lib", "serve.js");
  const server = await startServer("http", "ours", wasm, { WASI_MCP_CACHE_DIR: cache }, serve);
  await measure(`hello.wasm, ${root}`, server);
}

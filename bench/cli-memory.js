#!/usr/bin/env node
// `node bench/cli-memory.js [config…]`: resident memory and throughput of `mcp-compositor serve` with
// the four example components (examples/mcp-compositor/examples.json, Streamable HTTP) under Node
// flags and environment variables, to choose the CLI's memory settings by measurement. For each
// named configuration (default: all of CONFIGS), ROUNDS rounds (default 2) in which all of them run
// side by side (the machine's other load falls on each alike): VmRSS SETTLE_SECONDS after "ready"
// (default 10, nothing connected), then LOAD_SECONDS (default 15) per server, in WINDOWS turns, of
// CLIENTS (default 4) SDK clients calling hello's `echo` back to back — calls/s and the largest RSS
// seen (sampled each 0.5 s). The cli is started directly with `node`, so WASI_MCP_NO_REEXEC keeps
// its launcher from adding its own settings (`arena-2` is what the launcher sets).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { freshCacheDirectory } from "./lib/paths.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(root, "examples", "mcp-compositor", "dist", "cli.js");
const CONFIG = join(root, "examples", "mcp-compositor", "examples.json");
const rounds = Number(process.env.ROUNDS ?? 2);
const settle = Number(process.env.SETTLE_SECONDS ?? 10);
const loadSeconds = Number(process.env.LOAD_SECONDS ?? 15);
const clients = Number(process.env.CLIENTS ?? 4);
const windows = Number(process.env.WINDOWS ?? 5);
const MiB = 1024 * 1024;

/** name → Node flags and environment. */
const CONFIGS = {
  default: { flags: [], env: {} },
  "arena-2": { flags: [], env: { MALLOC_ARENA_MAX: "2" } },
  "arena-4": { flags: [], env: { MALLOC_ARENA_MAX: "4" } },
  "semi-4": { flags: ["--max-semi-space-size=4"], env: {} },
  "old-256": { flags: ["--max-old-space-size=256"], env: {} },
  "liftoff-only": { flags: ["--liftoff-only"], env: {} },
  "no-tier-up": { flags: ["--no-wasm-tier-up"], env: {} },
  "lazy-wasm": { flags: ["--wasm-lazy-compilation"], env: {} },
  "arena-2-semi-8": { flags: ["--max-semi-space-size=8"], env: { MALLOC_ARENA_MAX: "2" } },
};

const sleep = (seconds) => new Promise((done) => setTimeout(done, seconds * 1000));
const rssOf = (pid) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;

/** Starts the compositor under configuration `name`; resolves once it serves. */
async function start(name, cacheDirectory) {
  const { flags, env } = CONFIGS[name];
  const child = spawn(
    process.execPath,
    [...flags, CLI, "serve", "--config", CONFIG, "--port", "0", "--cache-dir", cacheDirectory],
    { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, WASI_MCP_NO_REEXEC: "1", ...env } },
  );
  let stderr = "";
  const url = await new Promise((ready, fail) => {
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const match = / at (http:\/\/\S+)/.exec(stderr);
      if (/ready in /.test(stderr) && match) ready(new URL(match[1]));
    });
    child.once("exit", (code) => fail(new Error(`exited (${code}) before it was ready:\n${stderr}`)));
  });
  return { child, url, peak: 0 };
}

async function stop(server) {
  server.child.kill("SIGTERM");
  await new Promise((done) => server.child.once("exit", done));
}

/** CLIENTS clients calling hello's `echo` back to back for `seconds`; the calls made. */
async function load(server, seconds) {
  const sampler = setInterval(() => {
    server.peak = Math.max(server.peak, rssOf(server.child.pid));
  }, 500);
  const connected = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new Client({ name: "cli-memory", version: "0" });
      await client.connect(new StreamableHTTPClientTransport(server.url));
      return client;
    }),
  );
  const tools = (await connected[0].listTools()).tools.map((tool) => tool.name);
  const echo = tools.find((tool) => /hello.*echo/.test(tool)) ?? tools.find((tool) => /echo/.test(tool));
  let calls = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    connected.map(async (client) => {
      while (Date.now() < until) {
        await client.callTool({ name: echo, arguments: { text: "x" } });
        calls++;
      }
    }),
  );
  clearInterval(sampler);
  server.peak = Math.max(server.peak, rssOf(server.child.pid));
  await Promise.all(connected.map((client) => client.close()));
  return calls;
}

/**
 * One round: every configuration started at once (so that the machine's other load falls on all
 * alike), idle RSS after SETTLE_SECONDS, then WINDOWS load windows of LOAD_SECONDS / WINDOWS each,
 * taken by each server in turn.
 */
async function round(names, cacheDirectory) {
  const servers = [];
  for (const name of names) servers.push(await start(name, cacheDirectory));
  try {
    await sleep(settle);
    const idle = servers.map((server) => rssOf(server.child.pid));
    for (const server of servers) server.peak = rssOf(server.child.pid);
    const calls = servers.map(() => 0);
    for (let window = 0; window < windows; window++)
      for (const [i, server] of servers.entries()) calls[i] += await load(server, loadSeconds / windows);
    return servers.map((server, i) => ({ idle: idle[i], peak: server.peak, rate: calls[i] / loadSeconds }));
  } finally {
    for (const server of servers) await stop(server);
  }
}

const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(CONFIGS);
const cache = freshCacheDirectory();
await stop(await start("default", cache)); // warms the transpile cache
const results = new Map(names.map((name) => [name, []]));
for (let r = 0; r < rounds; r++) {
  const runs = await round(names, cache);
  for (const [i, name] of names.entries()) {
    const run = runs[i];
    results.get(name).push(run);
    console.log(
      `${name} round ${r + 1}: idle ${(run.idle / MiB).toFixed(0)} MiB, loaded peak ${(run.peak / MiB).toFixed(0)} MiB, ${run.rate.toFixed(0)} calls/s`,
    );
  }
}
console.log("\nconfiguration | idle RSS (MiB) | loaded peak RSS (MiB) | calls/s");
const span = (values) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
for (const [name, runs] of results) {
  console.log(
    `${name} | ${span(runs.map((r) => r.idle / MiB))} | ${span(runs.map((r) => r.peak / MiB))} | ${span(runs.map((r) => r.rate))}`,
  );
}

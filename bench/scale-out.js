#!/usr/bin/env node
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
// Scale-out throughput (ADR 0011, docs/scale-out.md): `mcp-compositor serve hello.wasm --transport
// http` as 1 process, `--workers 2`, `--workers auto`, and with `--redis` (the cost Redis adds per
// call), each with 32 sessions calling `echo` in closed loops — 2025-11-25 sessions (SSE answers,
// event store on) and 2026-07-28 stateless requests — beside the native SDK server in the same run.
// Alternating rounds; each figure is the median with its spread. Needs redis-server for the Redis
// rows (skipped, loudly, without it).
//
//   node bench/scale-out.js                 # ≈ 3 min on 2 cores
//   BENCH_ROUNDS=5 BENCH_SECONDS=3 node bench/scale-out.js
//   BENCH_ONLY="1 process,--workers auto" node bench/scale-out.js
//   BENCH_ISOLATION=in-process node bench/scale-out.js   # the component in the host's thread
//
// Beside calls/s it prints what each call costs in CPU, per thread kind, in the servers and in this
// load generator (which shares the cores), and the ceiling that implies on this machine: the cores
// over the CPU per call, or the busiest main thread at 100 % — a figure the load of the moment
// barely moves, unlike calls/s.
import { Agent, request } from "node:http";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { modernEnvelope } from "@wasi-mcp/router";
import { findBinary, startRedis, startServerProcess } from "@wasi-mcp/test-kit/process";
import { startServer, urlOf } from "./lib/children.js";
import { cpuBetween, cpuSnapshot } from "./lib/cpu.js";
import { COMPONENTS } from "./lib/paths.js";
import { acrossRuns, alternate } from "./lib/stats.js";
import { httpSession, openSessions } from "./lib/wires.js";

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const cli = fileURLToPath(new URL("../examples/mcp-compositor/dist/cli.js", import.meta.url));

/** A 2026 client: each call one POST (JSON answer) on a kept-alive connection of a pool. */
function modernSession(url, agent) {
  const envelope = modernEnvelope({ clientInfo: { name: "bench", version: "0" } });
  let id = 0;
  return {
    echo: (text) =>
      new Promise((resolve, reject) => {
        const body = JSON.stringify({
          jsonrpc: "2.0",
          id: ++id,
          method: "tools/call",
          params: { name: "echo", arguments: { text }, _meta: envelope },
        });
        const req = request(
          url,
          {
            method: "POST",
            agent,
            headers: {
              "content-type": "application/json",
              accept: "application/json, text/event-stream",
              "mcp-protocol-version": "2026-07-28",
              "mcp-method": "tools/call",
              "mcp-name": "echo",
            },
          },
          (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (chunk) => {
              text += chunk;
            });
            res.on("end", () =>
              text.includes('"result"') ? resolve() : reject(new Error(text.slice(0, 200))),
            );
          },
        );
        req.on("error", reject);
        req.end(body);
      }),
  };
}

async function closedLoop(sessions, seconds) {
  const deadline = performance.now() + seconds * 1000;
  let calls = 0;
  await Promise.all(
    sessions.map(async (session) => {
      while (performance.now() < deadline) {
        await session.echo("hello");
        calls++;
      }
    }),
  );
  return calls / seconds;
}

/**
 * What `mcp-compositor serve` is given: hello.wasm, or with BENCH_ISOLATION=in-process a config
 * file serving it in the host's thread — where one process cannot fill two cores by itself.
 */
function served() {
  const isolation = process.env.BENCH_ISOLATION;
  if (!isolation) return [COMPONENTS.hello];
  const file = join(mkdtempSync(join(tmpdir(), "bench-scale-out-")), "config.json");
  writeFileSync(file, JSON.stringify({ components: [{ path: COMPONENTS.hello, policy: { isolation } }] }));
  return ["--config", file];
}

async function compositor(extra) {
  const server = await startServerProcess({
    name: `mcp-compositor ${extra.join(" ")}`,
    args: [cli, "serve", ...served(), "--transport", "http", "--port", "0", ...extra],
    timeoutMs: 120_000,
  });
  return { url: server.url, pid: server.child.pid, stop: () => server.stop(10_000) };
}

/**
 * CPU per call (µs) by thread kind, the load generator's share, and the throughput ceiling on
 * `cores`: min(cores / CPU per call of servers + client, calls per second the busiest main thread
 * allows at 100 %); the last column divides each ceiling by the one-process ceiling of its era.
 */
function printCpu(spent, cores) {
  const perCall = (seconds, calls) => (seconds / calls) * 1e6;
  const rows = Object.entries(spent).map(([name, { calls, cpu, client }]) => {
    const sum = (pick) => cpu.reduce((total, each) => total + pick(each), 0);
    const kind = (k) =>
      perCall(
        sum((each) => each.byKind[k] ?? 0),
        calls,
      );
    const server = perCall(
      sum((each) => each.total),
      calls,
    );
    const serial = perCall(
      sum((each) => each.busiestMain),
      calls,
    );
    const clientUs = perCall(client, calls);
    const ceiling = Math.min((cores * 1e6) / (server + clientUs), 1e6 / serial);
    return {
      name,
      main: kind("main"),
      workers: kind("worker threads"),
      v8: kind("V8 helpers"),
      other: kind("other"),
      server,
      serial,
      clientUs,
      ceiling,
    };
  });
  const base = Object.fromEntries(
    rows.filter((row) => row.name.startsWith("1 process ·")).map((row) => [row.name.slice(-4), row.ceiling]),
  );
  console.log(
    `\nCPU per call (µs), same rounds; ceiling = min(${cores} cores / (server + client), 1 / busiest main thread)`,
  );
  console.log(
    "| server | era | main threads | instance threads | V8 helpers | other | server total | busiest main | load generator | ceiling calls/s | × 1 process |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  const f = (value) => value.toFixed(0);
  for (const row of rows) {
    const era = row.name.slice(-4);
    const ratio = base[era] ? `${(row.ceiling / base[era]).toFixed(2)}×` : "—";
    console.log(
      `| ${row.name.replace(/ · 202[56]$/, "")} | ${era} | ${f(row.main)} | ${f(row.workers)} | ${f(row.v8)} | ${f(row.other)} | ${f(row.server)} | ${f(row.serial)} | ${f(row.clientUs)} | ${f(row.ceiling)} | ${ratio} |`,
    );
  }
}

async function main() {
  if (!existsSync(COMPONENTS.hello) || !existsSync(cli)) {
    throw new Error("[@wasi-mcp/bench] build first: npm run build (hello.wasm and the compositor)");
  }
  const redisBinary = findBinary("redis-server", ["/usr/bin/redis-server"]);
  if (!redisBinary) console.error("!!! redis-server is not installed: the --redis rows CANNOT RUN");
  const redis = redisBinary ? await startRedis() : undefined;
  const configs = {
    "1 process": [],
    "--workers 2": ["--workers", "2"],
    [`--workers auto (${availableParallelism()})`]: ["--workers", "auto"],
    ...(redis
      ? {
          "1 process --redis": ["--redis", redis.url],
          "--workers 2 --redis": ["--workers", "2", "--redis", redis.url],
        }
      : {}),
  };
  // BENCH_ONLY="1 process,--workers auto": only the configurations whose names start so.
  const only = process.env.BENCH_ONLY?.split(",").map((part) => part.trim());
  if (only)
    for (const name of Object.keys(configs)) if (!only.some((o) => name.startsWith(o))) delete configs[name];
  const servers = {};
  const loads = {};
  try {
    const native = await startServer("http", "native");
    servers.native = { url: new URL(urlOf("http", native)), pid: native.child.pid, stop: native.stop };
    for (const [name, extra] of Object.entries(configs)) servers[name] = await compositor(extra);
    for (const [name, server] of Object.entries(servers)) {
      const agent = new Agent({ keepAlive: true, maxSockets: SESSIONS });
      loads[`${name} · 2025`] = await openSessions(SESSIONS, () => httpSession(server.url));
      if (name !== "native")
        loads[`${name} · 2026`] = Array.from({ length: SESSIONS }, () => modernSession(server.url, agent));
    }
    for (const sessions of Object.values(loads)) await closedLoop(sessions, 0.5);
    const spent = {};
    const runs = await alternate(Object.keys(loads), ROUNDS, async (name) => {
      const pid = servers[name.replace(/ · 202[56]$/, "")].pid;
      const [before, clientBefore] = [cpuSnapshot(pid), process.cpuUsage()];
      const rate = await closedLoop(loads[name], SECONDS);
      const cpu = cpuBetween(before, cpuSnapshot(pid));
      const client = process.cpuUsage(clientBefore);
      spent[name] ??= { calls: 0, cpu: [], client: 0 };
      const total = spent[name];
      total.calls += rate * SECONDS;
      total.cpu.push(cpu);
      total.client += (client.user + client.system) / 1e6;
      return rate;
    });
    const median = (name) => acrossRuns(runs[name]).median;
    const base = median("native · 2025");
    const one = { 2025: median("1 process · 2025"), 2026: median("1 process · 2026") };
    console.log(
      `\nScale-out throughput, hello.wasm echo, ${SESSIONS} sessions, ${ROUNDS} × ${SECONDS} s rounds, ${availableParallelism()} cores`,
    );
    console.log("| server | era | calls/s (median, spread) | × 1 process | × native SDK (2025) |");
    console.log("| --- | --- | --- | --- | --- |");
    for (const name of Object.keys(loads)) {
      const across = acrossRuns(runs[name]);
      const era = name.endsWith("2026") ? 2026 : 2025;
      const spread = `${across.min.toFixed(0)}–${across.max.toFixed(0)}`;
      console.log(
        `| ${name.replace(/ · 202[56]$/, "")} | ${era} | ${across.median.toFixed(0)} (${spread}) | ${(across.median / one[era]).toFixed(2)}× | ${(across.median / base).toFixed(2)}× |`,
      );
    }
    printCpu(spent, availableParallelism());
  } finally {
    for (const sessions of Object.values(loads)) for (const session of sessions) session.close?.();
    await Promise.all(Object.values(servers).map((server) => server.stop()));
    await redis?.[Symbol.asyncDispose]();
  }
}

await main();
process.exit(0);

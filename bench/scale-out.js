#!/usr/bin/env node
import { existsSync } from "node:fs";
// Scale-out throughput (ADR 0011, docs/scale-out.md): `mcp-compositor serve hello.wasm --transport
// http` as 1 process, `--workers 2`, `--workers auto`, and with `--redis` (the cost Redis adds per
// call), each with 32 sessions calling `echo` in closed loops — 2025-11-25 sessions (SSE answers,
// event store on) and 2026-07-28 stateless requests — beside the native SDK server in the same run.
// Alternating rounds; each figure is the median with its spread. Needs redis-server for the Redis
// rows (skipped, loudly, without it).
//
//   node bench/scale-out.js                 # ≈ 3 min on 2 cores
//   BENCH_ROUNDS=5 BENCH_SECONDS=3 node bench/scale-out.js
import { Agent, request } from "node:http";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { modernEnvelope } from "@wasi-mcp/router";
import { findBinary, startRedis, startServerProcess } from "@wasi-mcp/test-kit/process";
import { startServer, urlOf } from "./lib/children.js";
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

async function compositor(extra) {
  const server = await startServerProcess({
    name: `mcp-compositor ${extra.join(" ")}`,
    args: [cli, "serve", COMPONENTS.hello, "--transport", "http", "--port", "0", ...extra],
    timeoutMs: 120_000,
  });
  return { url: server.url, stop: () => server.stop(10_000) };
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
  const servers = {};
  const loads = {};
  try {
    const native = await startServer("http", "native");
    servers.native = { url: new URL(urlOf("http", native)), stop: native.stop };
    for (const [name, extra] of Object.entries(configs)) servers[name] = await compositor(extra);
    for (const [name, server] of Object.entries(servers)) {
      const agent = new Agent({ keepAlive: true, maxSockets: SESSIONS });
      loads[`${name} · 2025`] = await openSessions(SESSIONS, () => httpSession(server.url));
      if (name !== "native")
        loads[`${name} · 2026`] = Array.from({ length: SESSIONS }, () => modernSession(server.url, agent));
    }
    for (const sessions of Object.values(loads)) await closedLoop(sessions, 0.5);
    const runs = await alternate(Object.keys(loads), ROUNDS, (name) => closedLoop(loads[name], SECONDS));
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
  } finally {
    for (const sessions of Object.values(loads)) for (const session of sessions) session.close?.();
    await Promise.all(Object.values(servers).map((server) => server.stop()));
    await redis?.[Symbol.asyncDispose]();
  }
}

await main();
process.exit(0);

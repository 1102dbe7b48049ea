#!/usr/bin/env node
// P1 with the front door on: sequential tools/call round trips over Streamable HTTP against
// `mcp-compositor serve hello.wasm` as it ships (auth and telemetry off), with static API keys
// (`auth`), and with API keys plus telemetry (OTLP export of every span and metric to a local sink
// that accepts and drops them, and the Prometheus page), beside the native SDK server — all in the
// same run, rounds alternating. Prints p50/mean per variant and the ratios on/off and against native.
// `CALLS` (default 2000) per round, `ROUNDS` (default 5).
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServerProcess } from "@wasi-mcp/test-kit/process";
import { startServer, urlOf } from "./lib/children.js";
import { COMPONENTS } from "./lib/paths.js";
import { acrossRuns, alternate, pairedRatio } from "./lib/stats.js";
import { httpSession } from "./lib/wires.js";
import { timeCalls } from "./suites/p1-latency.js";

const cli = fileURLToPath(new URL("../examples/mcp-compositor/dist/cli.js", import.meta.url));
const CALLS = Number(process.env.CALLS ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const KEY = "bench-key-0123456789abcdef";

/** An OTLP/HTTP sink: answers every export 200 and keeps nothing. */
async function otlpSink() {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

async function compositor(name, config) {
  const file = join(mkdtempSync(join(tmpdir(), "bench-front-door-")), "config.json");
  writeFileSync(
    file,
    JSON.stringify({
      components: [{ path: COMPONENTS.hello }],
      transport: { type: "http", port: 0 },
      ...config,
    }),
  );
  const server = await startServerProcess({
    name,
    args: [cli, "serve", "--config", file],
    env: { BENCH_KEYS: JSON.stringify([{ key: KEY, subject: "bench", scopes: [] }]) },
    timeoutMs: 120_000,
  });
  return { url: server.url, stop: () => server.stop(10_000) };
}

async function main() {
  if (!existsSync(COMPONENTS.hello) || !existsSync(cli)) {
    throw new Error("[@wasi-mcp/bench] build first: npm run build (hello.wasm and the compositor)");
  }
  const sink = await otlpSink();
  const auth = { auth: { apiKeys: { env: "BENCH_KEYS" } } };
  const telemetry = { telemetry: { otlp: { endpoint: sink.url, metricIntervalMs: 1000 } } };
  const native = await startServer("http", "native");
  const servers = {
    native: { url: urlOf("http", native), stop: () => native.stop() },
    off: await compositor("off", {}),
    auth: await compositor("auth", auth),
    "auth+telemetry": await compositor("auth+telemetry", { ...auth, ...telemetry }),
  };
  const credential = { authorization: `Bearer ${KEY}` };
  const sessions = {
    native: await httpSession(servers.native.url),
    off: await httpSession(servers.off.url),
    auth: await httpSession(servers.auth.url, credential),
    "auth+telemetry": await httpSession(servers["auth+telemetry"].url, credential),
  };
  const variants = Object.keys(sessions);
  const results = await alternate(variants, ROUNDS, (variant) =>
    timeCalls(sessions[variant], CALLS, Math.min(200, CALLS)),
  );
  await Promise.all(Object.values(servers).map((server) => server.stop()));
  sink.close();
  const p50 = (variant) => results[variant].map((run) => run.p50);
  const mean = (variant) => results[variant].map((run) => run.mean);
  console.log(
    `P1 tools/call over Streamable HTTP, ${CALLS} sequential calls × ${ROUNDS} rounds (µs; median [min–max] of rounds)`,
  );
  for (const variant of variants) {
    const a = acrossRuns(p50(variant));
    const b = acrossRuns(mean(variant));
    console.log(
      `  ${variant.padEnd(16)} p50 ${a.median.toFixed(0)} [${a.min.toFixed(0)}–${a.max.toFixed(0)}]  mean ${b.median.toFixed(0)}`,
    );
  }
  const ratio = (x, y) => {
    const r = pairedRatio(p50(x), p50(y));
    return `${r.median.toFixed(3)} [${r.min.toFixed(3)}–${r.max.toFixed(3)}]`;
  };
  console.log(`  auth / off (p50)              ${ratio("auth", "off")}`);
  console.log(`  auth+telemetry / off (p50)    ${ratio("auth+telemetry", "off")}`);
  console.log(`  auth+telemetry / auth (p50)   ${ratio("auth+telemetry", "auth")}`);
  console.log(`  off / native (p50)            ${ratio("off", "native")}`);
  console.log(`  auth+telemetry / native (p50) ${ratio("auth+telemetry", "native")}`);
}

await main();

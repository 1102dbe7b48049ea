#!/usr/bin/env node
// What telemetry adds to one request, in one process, without the wires' noise: sequential
// tools/call through the router over an in-memory pair, to the plain JS backend and to hello.wasm
// (a worker instance), with the OpenTelemetry SDK registered (every span sampled and batched to an
// exporter that drops them, meters read by a reader) and without (the API's no-ops), alternating
// rounds. `CALLS` (default 5000) per round, `ROUNDS` (default 6).
import { context, metrics, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { createMcpServer, createPlainBackend } from "@wasi-mcp/router";
import { loadOurs } from "./lib/ours.js";
import { COMPONENTS } from "./lib/paths.js";
import { acrossRuns, alternate, pairedRatio } from "./lib/stats.js";
import { inMemorySession } from "./lib/wires.js";
import { timeCalls } from "./suites/p1-latency.js";

const CALLS = Number(process.env.CALLS ?? 5000);
const ROUNDS = Number(process.env.ROUNDS ?? 6);

/** A reader that is never collected from: the meters record, nothing is exported. */
class IdleReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

const dropping = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
const contextManager = new AsyncLocalStorageContextManager().enable();
const tracerProvider = new TracerProvider({
  spanProcessors: [new BatchSpanProcessor({ exporter: dropping })],
});
const meterProvider = new MeterProvider({ readers: [new IdleReader()] });

function telemetry(on) {
  trace.disable();
  metrics.disable();
  context.disable();
  if (!on) return;
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
}

async function main() {
  const echo = (args) => ({ content: [{ type: "text", text: String(args.text) }] });
  const plain = createPlainBackend({
    name: "plain",
    version: "0",
    tools: [{ name: "echo", inputSchema: { type: "object" }, call: echo }],
  });
  // Loaded with telemetry on: the pool's queue gauge binds to the provider (as the CLI does it).
  telemetry(true);
  const hello = await loadOurs(COMPONENTS.hello);
  const targets = {
    router: await inMemorySession(createMcpServer(plain)),
    hello: await inMemorySession(hello.createServer()),
  };
  console.log(
    `tools/call in one process, ${CALLS} sequential calls × ${ROUNDS} rounds (µs; median [min–max] of rounds)`,
  );
  for (const [name, session] of Object.entries(targets)) {
    const results = await alternate(["off", "on"], ROUNDS, async (variant) => {
      telemetry(variant === "on");
      return timeCalls(session, CALLS, 500);
    });
    for (const variant of ["off", "on"]) {
      const p50 = acrossRuns(results[variant].map((run) => run.p50));
      const mean = acrossRuns(results[variant].map((run) => run.mean));
      console.log(
        `  ${name} telemetry ${variant.padEnd(3)} p50 ${p50.median.toFixed(1)} [${p50.min.toFixed(1)}–${p50.max.toFixed(1)}]  mean ${mean.median.toFixed(1)}`,
      );
    }
    const ratio = pairedRatio(
      results.on.map((run) => run.p50),
      results.off.map((run) => run.p50),
    );
    console.log(
      `  ${name} on/off (p50) ${ratio.median.toFixed(3)} [${ratio.min.toFixed(3)}–${ratio.max.toFixed(3)}]`,
    );
  }
  telemetry(false);
  await hello.component.close();
  await tracerProvider.shutdown();
}

await main();

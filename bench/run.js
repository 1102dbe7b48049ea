#!/usr/bin/env node
// First benchmark slice: cold and cached component loads, and tools/call latency of the hosted
// hello component beside the same tool in a native MCP SDK server, over the SDK's in-memory
// transport, measured in the same run. Prints medians and a ratio; never asserts timings.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { loadComponent } from "@wasi-mcp/host";
import { createMcpServer } from "@wasi-mcp/router";

const hello = new URL("../examples/components/hello/dist/hello.wasm", import.meta.url).pathname;
const CALLS = Number(process.env.BENCH_CALLS ?? 3000);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function measureLoads() {
  const cold = [];
  const cached = [];
  for (let i = 0; i < 3; i++) {
    const dir = mkdtempSync(join(tmpdir(), "wasi-mcp-bench-"));
    cold.push((await loadComponent(hello, { cacheDirectory: dir })).timings.total);
    for (let j = 0; j < 3; j++)
      cached.push((await loadComponent(hello, { cacheDirectory: dir })).timings.total);
    rmSync(dir, { recursive: true, force: true });
  }
  return { cold: median(cold), cached: median(cached) };
}

function nativeServer() {
  const server = new Server({ name: "native", version: "0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [
      {
        name: "echo",
        inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
      },
    ],
  }));
  server.setRequestHandler(CallToolRequestSchema, (request) => ({
    content: [{ type: "text", text: String(request.params.arguments?.text) }],
  }));
  return server;
}

async function measureCalls(server) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(clientSide);
  const args = { name: "echo", arguments: { text: "hello" } };
  for (let i = 0; i < 300; i++) await client.callTool(args);
  const samples = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    await client.callTool(args);
    samples.push((performance.now() - started) * 1000);
  }
  await client.close();
  return { p50: median(samples), p99: percentile(samples, 0.99) };
}

const loads = await measureLoads();
const component = await loadComponent(hello);
const hosted = await measureCalls(createMcpServer(component.backend));
const native = await measureCalls(nativeServer());

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}`);
console.log(
  `load hello.wasm: cold ${loads.cold.toFixed(0)} ms, cached ${loads.cached.toFixed(0)} ms (median)`,
);
console.log(`tools/call echo over in-memory, ${CALLS} calls:`);
console.log(`  hosted component  p50 ${hosted.p50.toFixed(1)} µs  p99 ${hosted.p99.toFixed(1)} µs`);
console.log(`  native SDK server p50 ${native.p50.toFixed(1)} µs  p99 ${native.p99.toFixed(1)} µs`);
console.log(
  `  ratio hosted/native p50 ${(hosted.p50 / native.p50).toFixed(2)}×  p99 ${(hosted.p99 / native.p99).toFixed(2)}×`,
);

#!/usr/bin/env node
// Router overhead per tools/call: the router (createMcpServer over a plain-JS backend) beside the
// MCP SDK's own McpServer serving the same `echo` tool, each behind a real SDK Client on the SDK's
// in-memory transport, measured in the same run in alternating rounds. Prints p50/p99 and the
// ratios; never asserts timings. Usage (after building):
//   bash scripts/run.sh node bench/router.js          # BENCH_CALLS=20000 for a longer run
import { createRequire } from "node:module";
import { cpus } from "node:os";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CallToolRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { createMcpServer, createPlainBackend } from "@wasi-mcp/router";

const CALLS = Number(process.env.BENCH_CALLS ?? 10_000);
const ROUNDS = 10;
const WARMUP = 2_000;

// zod is the SDK's peer dependency; McpServer needs a zod schema. Load the copy the SDK resolves.
const sdkRequire = createRequire(import.meta.resolve("@modelcontextprotocol/sdk/server/mcp.js"));
const { z } = await import(pathToFileURL(sdkRequire.resolve("zod/v4")).href);

const echo = (text) => ({ content: [{ type: "text", text: String(text) }] });

function nativeServer() {
  const server = new McpServer({ name: "native", version: "0" });
  server.registerTool("echo", { inputSchema: { text: z.string() } }, ({ text }) => echo(text));
  return server;
}

// The floor: the SDK's low-level Server with a handler that validates nothing.
function bareServer() {
  const server = new Server({ name: "bare", version: "0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(CallToolRequestSchema, (request) => echo(request.params.arguments?.text));
  return server;
}

function routerServer() {
  const backend = createPlainBackend({
    name: "router",
    version: "0",
    tools: [
      {
        name: "echo",
        inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
        call: (args) => echo(args.text),
      },
    ],
  });
  return createMcpServer(backend);
}

async function connected(server) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(clientSide);
  return client;
}

async function measure(client, calls, samples) {
  const args = { name: "echo", arguments: { text: "hello" } };
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await client.callTool(args);
    samples?.push((performance.now() - started) * 1000);
  }
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

const clients = {
  native: await connected(nativeServer()),
  router: await connected(routerServer()),
  bare: await connected(bareServer()),
};
const samples = { native: [], router: [], bare: [] };
for (const client of Object.values(clients)) await measure(client, WARMUP);
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? ["native", "router", "bare"] : ["bare", "router", "native"];
  for (const name of order) await measure(clients[name], CALLS / ROUNDS, samples[name]);
}
for (const client of Object.values(clients)) await client.close();

const native = stats(samples.native);
const router = stats(samples.router);
const bare = stats(samples.bare);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}`);
console.log(
  `tools/call echo over the SDK in-memory transport, ${CALLS} calls each, ${ROUNDS} alternating rounds:`,
);
console.log(`  router (plain backend)  p50 ${router.p50.toFixed(1)} µs  p99 ${router.p99.toFixed(1)} µs`);
console.log(`  SDK McpServer           p50 ${native.p50.toFixed(1)} µs  p99 ${native.p99.toFixed(1)} µs`);
console.log(
  `  SDK Server, no checks   p50 ${bare.p50.toFixed(1)} µs  p99 ${bare.p99.toFixed(1)} µs  (the floor)`,
);
console.log(
  `  ratio router/McpServer  p50 ${(router.p50 / native.p50).toFixed(2)}×  p99 ${(router.p99 / native.p99).toFixed(2)}×`,
);

#!/usr/bin/env node
// Transport benchmark: tools/call round trip (p50/p99, one client, sequential) and throughput
// (BENCH_CONCURRENCY clients, or in-flight calls on the one stdio pipe, for BENCH_SECONDS) on
// stdio, Streamable HTTP and WebSocket. On each wire, beside our transport: a raw JSON echo on the
// same wire (no MCP: the limit of the wire and this load generator) and the native MCP SDK server
// on the same wire. Servers run in a child process, the load generator here; on a 2-core machine
// that is one core each. Prints a table; never asserts timings.
//   node bench/transports.js                      (BENCH_CALLS, BENCH_SECONDS, BENCH_CONCURRENCY)
//   node bench/transports.js serve <wire> <variant>   (internal: the server side)
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Agent, createServer as createNodeServer, request } from "node:http";
import { cpus } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport as SdkStdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { loadComponent } from "@wasi-mcp/host";
import { createMcpServer } from "@wasi-mcp/router";
import { createHttpServer } from "@wasi-mcp/transport-http";
import { StdioServerTransport } from "@wasi-mcp/transport-stdio";
import { createWebSocketServer } from "@wasi-mcp/transport-ws";
import WebSocket, { WebSocketServer } from "ws";
import { minimalWsTransport } from "./lib/native.js";

const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
/** Comma-separated wires to run (e.g. `http,ws`); default all. */
const WIRES = (process.env.BENCH_WIRES ?? "stdio,http,ws").split(",");
const hello = fileURLToPath(new URL("../examples/components/hello/dist/hello.wasm", import.meta.url));
const self = fileURLToPath(import.meta.url);

/** What each wire is measured with; `variant` names the server side. */
const PLAN = {
  stdio: [
    ["raw", "raw JSON echo (limit)"],
    ["native", "native SDK StdioServerTransport"],
    ["ours", "@wasi-mcp/transport-stdio"],
    ["ours-hello", "@wasi-mcp/transport-stdio + hello.wasm"],
  ],
  http: [
    ["raw", "raw JSON echo (limit)"],
    ["native", "native SDK StreamableHTTPServerTransport"],
    ["ours", "@wasi-mcp/transport-http (SSE, event store)"],
    ["ours-json", "@wasi-mcp/transport-http (JSON mode)"],
    ["ours-hello", "@wasi-mcp/transport-http + hello.wasm"],
  ],
  ws: [
    ["raw", "raw JSON echo (limit)"],
    ["native", "native SDK Server on a bare ws adapter"],
    ["ours", "@wasi-mcp/transport-ws"],
    ["ours-hello", "@wasi-mcp/transport-ws + hello.wasm"],
  ],
};

// ---------------------------------------------------------------------------------- server side

function echoServer() {
  const server = new Server({ name: "bench", version: "0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [{ name: "echo", inputSchema: { type: "object", properties: { text: { type: "string" } } } }],
  }));
  server.setRequestHandler(CallToolRequestSchema, (req) => ({
    content: [{ type: "text", text: String(req.params.arguments?.text) }],
  }));
  return server;
}

/** The raw answer: what an MCP server would say to tools/call echo, without any MCP machinery. */
function rawAnswer(message) {
  return {
    jsonrpc: "2.0",
    id: message.id,
    result: { content: [{ type: "text", text: message.params?.arguments?.text ?? "" }] },
  };
}

async function serverFactory(variant) {
  if (variant !== "ours-hello") return echoServer;
  const component = await loadComponent(hello);
  return () => createMcpServer(component.backend);
}

async function serveStdio(variant) {
  if (variant === "raw") {
    const lines = createInterface({ input: process.stdin });
    lines.on("line", (line) => {
      const message = JSON.parse(line);
      if (message.id !== undefined) process.stdout.write(`${JSON.stringify(rawAnswer(message))}\n`);
    });
    return;
  }
  const create = await serverFactory(variant);
  await create().connect(variant === "native" ? new SdkStdioServerTransport() : new StdioServerTransport());
}

async function serveHttp(variant) {
  if (variant === "raw")
    return listenNode((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const message = JSON.parse(body);
        if (message.id === undefined) return res.writeHead(202).end();
        const text = JSON.stringify(rawAnswer(message));
        res
          .writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
          .end(text);
      });
    });
  if (variant === "native") {
    const sessions = new Map();
    return listenNode(async (req, res) => {
      let transport = sessions.get(req.headers["mcp-session-id"]);
      if (!transport) {
        transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => sessions.set(id, transport),
        });
        await echoServer().connect(transport);
      }
      await transport.handleRequest(req, res);
    });
  }
  const create = await serverFactory(variant);
  const server = await createHttpServer({
    createServer: create,
    responseMode: variant === "ours-json" ? "json" : "sse",
  });
  return Number(server.url.port);
}

async function serveWs(variant) {
  if (variant === "raw" || variant === "native") {
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
    wss.on("connection", (ws) => {
      if (variant === "raw") {
        ws.on("message", (data) => {
          const message = JSON.parse(data.toString());
          if (message.id !== undefined) ws.send(JSON.stringify(rawAnswer(message)));
        });
      } else {
        echoServer().connect(minimalWsTransport(ws));
      }
    });
    await new Promise((resolve) => wss.once("listening", resolve));
    return wss.address().port;
  }
  const server = await createWebSocketServer({ createServer: await serverFactory(variant) });
  return Number(server.url.port);
}

function listenNode(handler) {
  const server = createNodeServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
}

async function serve(wire, variant) {
  const port = await { stdio: serveStdio, http: serveHttp, ws: serveWs }[wire](variant);
  if (wire !== "stdio") process.stdout.write(`PORT ${port}\n`);
}

// ------------------------------------------------------------------------------ client side

const INIT = {
  jsonrpc: "2.0",
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "bench", version: "0" } },
};
const INITIALIZED = { jsonrpc: "2.0", method: "notifications/initialized" };
const call = (id, text) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name: "echo", arguments: { text } },
});

function check(reply, id, text) {
  if (reply.id !== id || reply.result?.content?.[0]?.text !== text) {
    throw new Error(`bad reply to ${id}: ${JSON.stringify(reply).slice(0, 200)}`);
  }
}

/** One connection speaking JSON-RPC lines or frames, correlating replies by id. */
class Correlator {
  pending = new Map();
  nextId = 1;
  constructor(write) {
    this.write = write;
  }
  receive(message) {
    const resolve = this.pending.get(message.id);
    if (!resolve) return;
    this.pending.delete(message.id);
    resolve(message);
  }
  request(message) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.write({ ...message, id });
    });
  }
  async call(text) {
    const id = this.nextId;
    check(await this.request(call(0, text)), id, text);
  }
  async initialize() {
    await this.request(INIT);
    this.write(INITIALIZED);
  }
}

function spawnServer(wire, variant) {
  return spawn(process.execPath, [self, "serve", wire, variant], { stdio: ["pipe", "pipe", "inherit"] });
}

async function portOf(child) {
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith("PORT ")) return Number(line.slice(5));
  }
  throw new Error("server exited before listening");
}

/** Opens `count` clients on a wire; each has `call(text)` and `close()`. */
async function openClients(wire, child, count) {
  if (wire === "stdio") {
    const rpc = new Correlator((message) => child.stdin.write(`${JSON.stringify(message)}\n`));
    createInterface({ input: child.stdout }).on("line", (line) => rpc.receive(JSON.parse(line)));
    await rpc.initialize();
    return Array.from({ length: count }, () => ({ call: (text) => rpc.call(text), close: () => {} }));
  }
  const port = await portOf(child);
  const open = wire === "http" ? () => httpClient(port) : () => wsClient(port);
  return Promise.all(Array.from({ length: count }, open));
}

async function wsClient(port) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ["mcp"], { perMessageDeflate: false });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  const rpc = new Correlator((message) => ws.send(JSON.stringify(message)));
  ws.on("message", (data) => rpc.receive(JSON.parse(data.toString())));
  await rpc.initialize();
  return { call: (text) => rpc.call(text), close: () => ws.close() };
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY + 1 });

function post(port, body, headers) {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/mcp", method: "POST", agent, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The JSON-RPC reply of a POST answered as JSON or as an SSE stream. */
function replyOf(response) {
  if (String(response.headers["content-type"]).startsWith("application/json"))
    return JSON.parse(response.text);
  const data = response.text.split("\n").filter((line) => line.startsWith("data: {"));
  return JSON.parse(data[data.length - 1].slice(6));
}

async function httpClient(port) {
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
  const init = await post(port, JSON.stringify({ ...INIT, id: 0 }), headers);
  const session = init.headers["mcp-session-id"];
  if (session) Object.assign(headers, { "mcp-session-id": session, "mcp-protocol-version": "2025-11-25" });
  await post(port, JSON.stringify(INITIALIZED), headers);
  let next = 1;
  return {
    async call(text) {
      const id = next++;
      check(replyOf(await post(port, JSON.stringify(call(id, text)), headers)), id, text);
    },
    close: () => {},
  };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function latency(client) {
  for (let i = 0; i < 300; i++) await client.call("warm");
  const samples = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    await client.call("hello");
    samples.push((performance.now() - started) * 1000);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

async function throughput(clients) {
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        await client.call("hello");
        done++;
      }
    }),
  );
  return done / SECONDS;
}

async function measure(wire, variant) {
  const child = spawnServer(wire, variant);
  try {
    const clients = await openClients(wire, child, CONCURRENCY);
    const lat = await latency(clients[0]);
    const perSecond = await throughput(clients);
    for (const client of clients) client.close();
    return { ...lat, perSecond };
  } finally {
    child.kill();
  }
}

async function main() {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}`);
  console.log(
    `round trip: ${CALLS} sequential tools/call echo; throughput: ${CONCURRENCY} clients for ${SECONDS} s\n`,
  );
  const header = ["wire", "server", "p50 µs", "p99 µs", "calls/s", "calls/s vs native"];
  const rows = [];
  const results = {};
  for (const [wire, variants] of Object.entries(PLAN).filter(([wire]) => WIRES.includes(wire))) {
    results[wire] = {};
    for (const [variant, label] of variants) {
      const result = await measure(wire, variant);
      results[wire][variant] = result;
      rows.push([
        wire,
        label,
        result.p50.toFixed(0),
        result.p99.toFixed(0),
        result.perSecond.toFixed(0),
        variant,
      ]);
      process.stderr.write(`  measured ${wire} ${variant}\n`);
    }
  }
  for (const row of rows) {
    if (!results[row[0]].native) continue;
    const native = results[row[0]].native.perSecond;
    row[5] = `${(results[row[0]][row[5]].perSecond / native).toFixed(2)}×`;
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
  console.log(line(header));
  console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
  for (const row of rows) console.log(line(row));
  if (!results.http || !results.ws || !results.stdio) return;
  const httpRatio = results.http.ours.perSecond / results.http.native.perSecond;
  console.log(
    `\ngoal HTTP throughput ≥ native SDK: ${httpRatio.toFixed(2)}× (${httpRatio >= 1 ? "met" : "NOT met"})`,
  );
  const wsVsStdio = results.ws.ours.p50 / results.stdio.ours.p50;
  console.log(
    `goal WS p50 ≤ stdio p50: ${results.ws.ours.p50.toFixed(0)} vs ${results.stdio.ours.p50.toFixed(0)} µs (${wsVsStdio <= 1 ? "met" : "NOT met"})`,
  );
}

if (process.argv[2] === "serve") await serve(process.argv[3], process.argv[4]);
else await main().then(() => process.exit(0));

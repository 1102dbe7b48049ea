#!/usr/bin/env node
// A benchmark server in its own process: `node serve.js <stdio|http|ws> <raw|native|ours> [wasm]`.
// HTTP and WS print `PORT <n>` on stdout; on stderr, ours prints `BENCH_TIMINGS <json>` (load
// phases) and every server `BENCH_READY <ms since process start>`. Environment: BENCH_POOL (instances of the component), BENCH_ISOLATION ("worker" or "in-process"), WASI_MCP_CACHE_DIR (cache).
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import { StdioServerTransport as SdkStdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { createHttpServer } from "@wasi-mcp/transport-http";
import { StdioServerTransport } from "@wasi-mcp/transport-stdio";
import { createWebSocketServer } from "@wasi-mcp/transport-ws";
import { WebSocketServer } from "ws";
import { minimalWsTransport, nativeServer, rawReply } from "./native.js";
import { loadOurs } from "./ours.js";

const [wire, variant, wasm] = process.argv.slice(2);

async function oursFactory() {
  const started = performance.now();
  const ours = await loadOurs(wasm, {
    policy: {
      poolSize: Number(process.env.BENCH_POOL ?? 1),
      isolation: process.env.BENCH_ISOLATION ?? "worker",
    },
  });
  const timings = {
    ...ours.component.timings,
    cached: ours.component.cached,
    measured: performance.now() - started,
  };
  process.stderr.write(`BENCH_TIMINGS ${JSON.stringify(timings)}\n`);
  return ours.createServer;
}

async function serveStdio() {
  if (variant === "raw") {
    createInterface({ input: process.stdin }).on("line", (line) => {
      const reply = rawReply(JSON.parse(line));
      if (reply) process.stdout.write(`${JSON.stringify(reply)}\n`);
    });
    return;
  }
  if (variant === "native") return nativeServer().connect(new SdkStdioServerTransport());
  const create = await oursFactory();
  await create().connect(new StdioServerTransport());
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
}

async function serveHttp() {
  if (variant === "raw") {
    return listen(
      createServer((req, res) => {
        let body = "";
        req.setEncoding("utf8");
        req.on("data", (chunk) => (body += chunk));
        req.on("end", () => {
          const reply = rawReply(JSON.parse(body));
          if (!reply) return res.writeHead(202).end();
          const text = JSON.stringify(reply);
          res.writeHead(200, { "content-type": "application/json", "mcp-session-id": "raw" }).end(text);
        });
      }),
    );
  }
  if (variant === "native") {
    const sessions = new Map();
    return listen(
      createServer(async (req, res) => {
        let transport = sessions.get(req.headers["mcp-session-id"]);
        if (!transport) {
          transport = new StreamableHTTPServerTransport({
            sessionIdGenerator: randomUUID,
            onsessioninitialized: (id) => sessions.set(id, transport),
          });
          await nativeServer().connect(transport);
        }
        await transport.handleRequest(req, res);
      }),
    );
  }
  const http = await createHttpServer({ createServer: await oursFactory() });
  return Number(http.url.port);
}

async function serveWs() {
  if (variant === "ours")
    return Number((await createWebSocketServer({ createServer: await oursFactory() })).url.port);
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
  wss.on("connection", (ws) => {
    if (variant === "raw") {
      ws.on("message", (data) => {
        const reply = rawReply(JSON.parse(data.toString()));
        if (reply) ws.send(JSON.stringify(reply));
      });
    } else void nativeServer().connect(minimalWsTransport(ws));
  });
  await new Promise((resolve) => wss.once("listening", resolve));
  return wss.address().port;
}

const serve = { stdio: serveStdio, http: serveHttp, ws: serveWs }[wire];
if (!serve || !["raw", "native", "ours"].includes(variant) || (variant === "ours" && !wasm)) {
  process.stderr.write("usage: serve.js <stdio|http|ws> <raw|native|ours> [wasm]\n");
  process.exit(2);
}
const port = await serve();
// performance.now() counts from the start of this process.
process.stderr.write(`BENCH_READY ${performance.now()}\n`);
if (wire !== "stdio") process.stdout.write(`PORT ${port}\n`);
// A clean exit on SIGINT, so that `--cpu-prof` (through NODE_OPTIONS) writes its profile.
process.once("SIGINT", () => process.exit(0));

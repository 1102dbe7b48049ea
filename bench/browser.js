#!/usr/bin/env node
// On demand (never in CI): the browser host beside the Node host, same component, same machine,
// same run. Load time (cold = jco transpile, warm = transpiled before) and the latency of one
// tools/call (hello's echo) through the router, from a raw JSON-RPC client: in the page over a
// MessagePort to a Web Worker instance, in Node over the SDK's in-memory transport to a
// worker_threads instance; and, for comparison, the page as a client of the Node host over
// Streamable HTTP (fetch, JSON responses, CORS). Needs built packages (Chromium as test-kit resolves it):
//   bash scripts/run.sh sh -c "turbo run build --filter=@wasi-mcp/host-browser... --filter=@wasi-mcp/bench... && node bench/browser.js"
//   BENCH_CALLS (default 2000), BENCH_WARMUP (default 300)
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { loadComponent } from "@wasi-mcp/host";
import { serveStatic } from "@wasi-mcp/host-browser/static-server";
import { createMcpServer } from "@wasi-mcp/router";
import { launchChromium } from "@wasi-mcp/test-kit/chromium";
import { createHttpServer } from "@wasi-mcp/transport-http";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const hello = join(root, "examples/components/hello/dist/hello.wasm");
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);

/** Median and 90th percentile of call times (ms), and the number of calls. */
function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p90: at(0.9), calls: sorted.length };
}

/** Echo calls through a raw JSON-RPC client: `send(message)` and `onMessage(handler)`. */
async function echoLatency(send, setHandler, calls, warmup) {
  let next = 1;
  const pending = new Map();
  setHandler((message) => pending.get(message.id)?.(message));
  const call = () =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      send({
        jsonrpc: "2.0",
        id,
        method: "tools/call",
        params: { name: "echo", arguments: { text: "hello" } },
      });
    });
  await new Promise((resolve) => {
    pending.set(0, resolve);
    send({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: {
        protocolVersion: "2025-11-25",
        capabilities: {},
        clientInfo: { name: "bench", version: "1" },
      },
    });
  });
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
  for (let i = 0; i < warmup; i++) await call();
  const samples = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await call();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function measureNode() {
  const cache = await mkdtemp(join(tmpdir(), "wasi-mcp-bench-cache-"));
  const quiet = { onLog: () => {}, onHealth: () => {} };
  try {
    const cold = await loadComponent(hello, { cacheDirectory: cache, ...quiet });
    await cold.close();
    // A new process would compile again; this one keeps compiled modules, so "warm" here is the
    // transpile cache hit plus start.
    const warm = await loadComponent(hello, { cacheDirectory: cache, ...quiet });
    const server = createMcpServer(warm.backend);
    const [clientEnd, serverEnd] = InMemoryTransport.createLinkedPair();
    await server.connect(serverEnd);
    await clientEnd.start();
    const samples = await echoLatency(
      (message) => void clientEnd.send(message),
      (handler) => {
        clientEnd.onmessage = handler;
      },
      CALLS,
      WARMUP,
    );
    await server.close();
    await warm.close();
    return { cold: cold.timings, warm: warm.timings, echo: summarize(samples) };
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
}

/** Runs in the page: loads hello twice (cold, then transpile-cached) and times echo calls. */
async function inPage({ calls, warmup, source }) {
  const host = await import("/host/host.js");
  const echoLatencyInPage = new Function(`return (${source})`)();
  const cold = await host.loadBrowserComponent("/components/hello/dist/hello.wasm");
  await cold.close();
  const warm = await host.loadBrowserComponent("/components/hello/dist/hello.wasm");
  const { port } = await host.serveInPage(warm);
  port.start();
  const samples = await echoLatencyInPage(
    (message) => port.postMessage(message),
    (handler) => {
      port.onmessage = (event) => handler(event.data);
    },
    calls,
    warmup,
  );
  await warm.close();
  return { cold: cold.timings, warm: warm.timings, samples };
}

/** Runs in the page: the same echo calls, as a client of a Node host over Streamable HTTP. */
async function overHttp({ endpoint, calls, warmup, source }) {
  const echoLatencyInPage = new Function(`return (${source})`)();
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
  let handler;
  const send = (message) =>
    fetch(endpoint, { method: "POST", headers, body: JSON.stringify(message) }).then(async (response) => {
      const session = response.headers.get("mcp-session-id");
      if (session) {
        headers["mcp-session-id"] = session;
        headers["mcp-protocol-version"] = "2025-11-25";
      }
      if (response.status === 200) handler(await response.json());
    });
  return echoLatencyInPage(
    (message) => void send(message),
    (h) => {
      handler = h;
    },
    calls,
    warmup,
  );
}

/** The Node host serving hello over Streamable HTTP to pages of `origin`. */
async function startHttpHost(origin) {
  const component = await loadComponent(hello, { onLog: () => {}, onHealth: () => {} });
  const server = await createHttpServer({
    createServer: () => createMcpServer(component.backend),
    cors: { origins: [origin] },
    responseMode: "json",
  });
  return {
    endpoint: server.url.href,
    close: async () => {
      await server.close();
      await component.close();
    },
  };
}

async function measureBrowser() {
  const site = await mkdtemp(join(tmpdir(), "wasi-mcp-bench-site-"));
  await writeFile(join(site, "index.html"), "<!doctype html><title>bench</title>");
  const server = await serveStatic(
    {
      "/": site,
      "/host/": join(root, "packages/host-browser/dist/browser"),
      "/components/": join(root, "examples/components"),
    },
    { crossOriginIsolated: true },
  ); // isolation: performance.now() at 5 µs instead of 100 µs
  const chrome = await launchChromium().catch(async (error) => {
    await server.close();
    throw error;
  });
  try {
    const page = await chrome.newPage();
    await page.goto(server.url);
    const out = await page.evaluate(inPage, { calls: CALLS, warmup: WARMUP, source: echoLatency.toString() });
    const http = await startHttpHost(new URL(server.url).origin);
    let httpSamples;
    try {
      httpSamples = await page.evaluate(overHttp, {
        endpoint: http.endpoint,
        calls: CALLS,
        warmup: WARMUP,
        source: echoLatency.toString(),
      });
    } finally {
      await http.close();
    }
    return {
      cold: out.cold,
      warm: out.warm,
      echo: summarize(out.samples),
      echoOverHttpToNode: summarize(httpSamples),
      userAgent: await page.evaluate(() => navigator.userAgent),
    };
  } finally {
    await chrome.close();
    await server.close();
    await rm(site, { recursive: true, force: true });
  }
}

const round = (value) => (typeof value === "number" ? Math.round(value * 1000) / 1000 : value);
const rounded = (object) => JSON.parse(JSON.stringify(object, (_, v) => round(v)));
const node = await measureNode();
const browser = await measureBrowser();
console.log(JSON.stringify(rounded({ node, browser, calls: CALLS, warmup: WARMUP }), null, 2));

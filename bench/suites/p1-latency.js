// P1 tools/call round trip on every wire, hosted vs native SDK McpServer; P4 WS vs stdio; the raw
// JSON-RPC echo limit of each wire. One sequential session per server; rounds alternate servers.
import { createMcpServer, createPlainBackend } from "@wasi-mcp/router";
import { startServer, urlOf } from "../lib/children.js";
import { figure, goal, times } from "../lib/figures.js";
import { nativeServer } from "../lib/native.js";
import { loadOurs } from "../lib/ours.js";
import { COMPONENTS } from "../lib/paths.js";
import { alternate, field, latencyOf } from "../lib/stats.js";
import { httpSession, inMemorySession, stdioSession, wsSession } from "../lib/wires.js";

const VARIANTS = ["raw", "native", "hello", "wat", "helloInProcess"];
export const LABELS = {
  raw: "raw JSON-RPC echo, no MCP (the wire's limit)",
  native: "native SDK McpServer",
  hello: "ours: hello.wasm (JS guest)",
  wat: "ours: tiny-wat.wasm (WAT guest)",
  helloInProcess: 'ours: hello.wasm, isolation "in-process"',
  watInProcess: 'ours: tiny-wat.wasm, isolation "in-process"',
  router: "router + plain JS backend (no Wasm)",
};
const IN_PROCESS = { policy: { isolation: "in-process" } };

async function inMemorySessions() {
  const hello = await loadOurs(COMPONENTS.hello);
  const wat = await loadOurs(COMPONENTS.wat);
  const helloInProcess = await loadOurs(COMPONENTS.hello, IN_PROCESS);
  const watInProcess = await loadOurs(COMPONENTS.wat, IN_PROCESS);
  const echo = (args) => ({ content: [{ type: "text", text: String(args.text) }] });
  const plain = createPlainBackend({
    name: "plain",
    version: "0",
    tools: [
      { name: "echo", inputSchema: { type: "object", properties: { text: { type: "string" } } }, call: echo },
    ],
  });
  return {
    sessions: {
      raw: await inMemorySession("raw"),
      native: await inMemorySession(nativeServer()),
      hello: await inMemorySession(hello.createServer()),
      wat: await inMemorySession(wat.createServer()),
      helloInProcess: await inMemorySession(helloInProcess.createServer()),
      watInProcess: await inMemorySession(watInProcess.createServer()),
      router: await inMemorySession(createMcpServer(plain)),
    },
    close: async () =>
      Promise.all([hello, wat, helloInProcess, watInProcess].map((ours) => ours.component.close())),
  };
}

async function remoteSessions(wire) {
  const wasm = { hello: COMPONENTS.hello, wat: COMPONENTS.wat, helloInProcess: COMPONENTS.hello };
  const servers = {};
  for (const variant of VARIANTS) {
    const env = variant === "helloInProcess" ? { BENCH_ISOLATION: "in-process" } : {};
    servers[variant] = await startServer(wire, variant in wasm ? "ours" : variant, wasm[variant], env);
  }
  const sessions = {};
  for (const [variant, server] of Object.entries(servers)) {
    sessions[variant] =
      wire === "stdio"
        ? await stdioSession(server.child)
        : await (wire === "http" ? httpSession : wsSession)(urlOf(wire, server));
  }
  return { sessions, close: () => Promise.all(Object.values(servers).map((server) => server.stop())) };
}

export async function timeCalls(session, calls, warmup) {
  for (let i = 0; i < warmup; i++) await session.echo("warm");
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await session.echo("hello");
    samples[i] = (performance.now() - started) * 1000;
  }
  return latencyOf(samples);
}

async function measureWire(wire, config) {
  const { sessions, close } = wire === "in-memory" ? await inMemorySessions() : await remoteSessions(wire);
  try {
    const variants = Object.keys(sessions);
    return await alternate(variants, config.slices, (variant, round) =>
      timeCalls(sessions[variant], config.calls, round === 0 ? config.warmup : 100),
    );
  } finally {
    for (const session of Object.values(sessions)) session.close();
    await close();
  }
}

function wireFigures(wire, runs) {
  const native = runs.native;
  const out = [];
  for (const variant of ["hello", "wat", "helloInProcess", "watInProcess", "raw", "router"]) {
    if (!runs[variant]) continue;
    for (const q of ["p50", "p99"]) {
      out.push({
        wire,
        variant,
        q,
        ...figure(
          `${wire} — ${LABELS[variant]} ${q}`,
          "µs",
          field(runs[variant], q),
          field(native, q),
          LABELS.native,
        ),
      });
    }
  }
  return out;
}

/** Runs P1 and P4 (and the raw limit) on the wires in `config.wires`. */
export async function run(config) {
  const perWire = {};
  for (const wire of config.wires) {
    config.log(`P1 ${wire}`);
    perWire[wire] = await measureWire(wire, config);
  }
  const figures = Object.entries(perWire).flatMap(([wire, runs]) => wireFigures(wire, runs));
  const p50s = figures.filter((f) => f.variant === "hello" && f.q === "p50");
  const worst = p50s.reduce((a, b) => (b.ratio.median > a.ratio.median ? b : a), p50s[0]);
  const inProcess = figures.filter((f) => f.variant === "helloInProcess" && f.q === "p50");
  const sections = [
    {
      id: "P1",
      title: "tools/call round trip, hosted vs native SDK McpServer",
      method:
        `One client session per server calls \`echo {text:"hello"}\` ${config.calls} times in sequence per round, ` +
        `${config.slices} rounds alternating the servers. The client is a minimal JSON-RPC client (the same for every ` +
        "server), so the server side is what is measured. Servers of the stdio, HTTP and WS rows run in their own " +
        "process (HTTP: SSE answers, as both servers default to); in-memory ones in the benchmark's process. " +
        'Rows marked `isolation "in-process"` load the component into the host\'s thread (policy option for ' +
        "trusted components: no worker hop, no preemption); the goal is judged on the default, a worker.",
      figures,
      goals: [
        goal(
          "P1",
          "tools/call p50 ≤ 1.15× native SDK (hello.wasm, every wire)",
          `worst ${times(worst.ratio.median)} (${worst.wire}); ${p50s.map((f) => `${f.wire} ${times(f.ratio.median)}`).join(", ")}` +
            `; isolation "in-process": ${inProcess.map((f) => `${f.wire} ${times(f.ratio.median)}`).join(", ")}`,
          p50s.every((f) => f.ratio.median <= 1.15),
        ),
      ],
    },
  ];
  if (perWire.ws && perWire.stdio) sections.push(p4Section(perWire));
  return { sections, raw: perWire };
}

function p4Section(perWire) {
  const figures = ["hello", "native", "raw"].map((variant) =>
    figure(
      `${LABELS[variant]}: WS p50 vs stdio p50`,
      "µs",
      field(perWire.ws[variant], "p50"),
      field(perWire.stdio[variant], "p50"),
      "the same server on stdio",
    ),
  );
  const ours = figures[0];
  return {
    id: "P4",
    title: "WebSocket vs stdio round trip",
    method: "From the P1 runs: the WS p50 of each server beside its stdio p50 (ratio = WS / stdio).",
    figures,
    goals: [
      goal(
        "P4",
        "WS round trip ≤ 1.0× stdio (ours)",
        `${ours.ours.median.toFixed(0)} µs vs ${ours.base.median.toFixed(0)} µs = ${times(ours.ratio.median)}`,
        ours.ratio.median <= 1,
      ),
    ],
  };
}

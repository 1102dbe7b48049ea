// P7 scaling: (a) 1 → 100 concurrent Streamable HTTP sessions sharing a fixed offered load, so
// what grows is the number of sessions, not the work; (b) tool results from 1 KB to 1 MB.

import { rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { startServer, urlOf } from "../lib/children.js";
import { instantiateDirect, transpiledDirectory } from "../lib/direct.js";
import { figure, goal, times } from "../lib/figures.js";
import { nativeServer } from "../lib/native.js";
import { loadOurs } from "../lib/ours.js";
import { COMPONENTS, freshCacheDirectory } from "../lib/paths.js";
import { acrossRuns, alternate, field, latencyOf } from "../lib/stats.js";
import { httpSession, inMemorySession, openSessions } from "../lib/wires.js";

const LEVELS = [1, 10, 100];
const SIZES = [1024, 10 * 1024, 100 * 1024, 1024 * 1024];

/** `sessions` share `rate` calls/s, each on its own schedule (staggered); latency of every call. */
async function paced(sessions, rate, seconds) {
  const interval = (sessions.length / rate) * 1000;
  const start = performance.now() + 20;
  const end = start + seconds * 1000;
  const samples = [];
  await Promise.all(
    sessions.map(async (session, index) => {
      for (let next = start + (index * interval) / sessions.length; next < end; next += interval) {
        const wait = next - performance.now();
        if (wait > 1) await sleep(wait);
        const started = performance.now();
        await session.echo("hello");
        samples.push((performance.now() - started) * 1000);
      }
    }),
  );
  return latencyOf(samples);
}

async function sessionScaling(config) {
  const servers = {
    native: await startServer("http", "native"),
    hello: await startServer("http", "ours", COMPONENTS.hello),
  };
  try {
    const out = {};
    for (const level of LEVELS) {
      config.log(`P7 ${level} sessions`);
      const sessions = {};
      for (const [name, server] of Object.entries(servers)) {
        sessions[name] = await openSessions(level, () => httpSession(urlOf("http", server)));
        await paced(sessions[name], config.rate, 0.3);
      }
      out[level] = await alternate(Object.keys(servers), config.rounds, (name) =>
        paced(sessions[name], config.rate, config.pacedSeconds),
      );
    }
    return out;
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }
}

function callsFor(size) {
  return Math.max(6, Math.min(300, Math.round((64 * 1024 * 1024) / size / 8)));
}

async function timed(calls, once) {
  await once();
  const samples = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await once();
    samples.push((performance.now() - started) * 1000);
  }
  return latencyOf(samples);
}

async function payloadScaling(config) {
  const cacheDirectory = freshCacheDirectory();
  const hello = await loadOurs(COMPONENTS.hello, { cacheDirectory });
  const wat = await loadOurs(COMPONENTS.wat);
  const direct = (await instantiateDirect(transpiledDirectory(cacheDirectory))).instance;
  const http = {
    native: await startServer("http", "native"),
    hello: await startServer("http", "ours", COMPONENTS.hello),
  };
  const sessions = {
    "in-memory native": await inMemorySession(nativeServer()),
    "in-memory hello": await inMemorySession(hello.createServer()),
    "in-memory wat": await inMemorySession(wat.createServer()),
    "http native": await httpSession(urlOf("http", http.native)),
    "http hello": await httpSession(urlOf("http", http.hello)),
  };
  try {
    const out = {};
    for (const size of SIZES) {
      config.log(`P7 result size ${size} bytes`);
      const text = "x".repeat(size);
      const json = JSON.stringify({ text });
      const calls = callsFor(size);
      out[size] = await alternate([...Object.keys(sessions), "direct hello"], config.rounds, (name) =>
        name === "direct hello"
          ? timed(calls, () => direct.handlers.callTool({ requestId: "1" }, "echo", json))
          : timed(calls, () => sessions[name].echo(text)),
      );
    }
    return out;
  } finally {
    for (const session of Object.values(sessions)) session.close();
    await Promise.all([hello.component.close(), wat.component.close()]);
    await Promise.all(Object.values(http).map((server) => server.stop()));
    rmSync(cacheDirectory, { recursive: true, force: true });
  }
}

function sessionFigures(levels) {
  const figures = [];
  for (const level of LEVELS) {
    for (const q of ["p50", "p99"]) {
      figures.push(
        figure(
          `${level} session${level > 1 ? "s" : ""}: ${q}`,
          "µs",
          field(levels[level].hello, q),
          field(levels[level].native, q),
          "native SDK server, same sessions and load",
        ),
      );
    }
  }
  const growth = (name) => levels[100][name].map((r, i) => r.p99 / levels[1][name][i].p99);
  figures.push(
    figure(
      "p99 at 100 sessions ÷ p99 at 1 session",
      "×",
      growth("hello"),
      growth("native"),
      "the same for native",
    ),
  );
  return figures;
}

const ROWS = [
  ["in-memory hello", "in-memory native", "in memory, hello.wasm"],
  ["in-memory wat", "in-memory native", "in memory, tiny-wat.wasm"],
  ["http hello", "http native", "HTTP, hello.wasm"],
  ["direct hello", undefined, "↳ hello.wasm's export alone, called directly in-process"],
];

function payloadFigures(sizes) {
  const figures = [];
  for (const size of SIZES) {
    const name = size >= 1024 * 1024 ? `${size / 1024 / 1024} MB` : `${size / 1024} KB`;
    for (const [ours, base, label] of ROWS) {
      figures.push(
        figure(
          `${name} result, ${label}: p50`,
          "µs",
          field(sizes[size][ours], "p50"),
          base && field(sizes[size][base], "p50"),
          base && "native SDK server, same wire",
        ),
      );
    }
  }
  return figures;
}

/** Runs P7 (sessions and result sizes). */
export async function run(config) {
  const levels = await sessionScaling(config);
  const sizes = await payloadScaling(config);
  const sessionsFigures = sessionFigures(levels);
  const growth = sessionsFigures.at(-1);
  const ratios = acrossRuns(levels[100].hello.map((r, i) => r.p99 / levels[1].hello[i].p99));
  return {
    sections: [
      {
        id: "P7",
        title: "scaling: 1 → 100 concurrent sessions, results of 1 KB → 1 MB",
        method:
          `Sessions: ${LEVELS.join(", ")} Streamable HTTP sessions share a fixed offered load of ${config.rate} calls/s ` +
          `(each session on its own staggered schedule) for ${config.pacedSeconds} s per round, ${config.rounds} ` +
          "alternating rounds, so what grows is the number of sessions, not the work. Results: `echo` of a text " +
          "of each size (the argument and the result both carry it), in memory and over HTTP. In memory the SDK " +
          "passes the native server's objects by reference (nothing is copied or serialized), while ours " +
          "crosses to the worker and through the canonical ABI: the last row of each size is what the guest " +
          "itself takes for that echo, with no host around it.",
        figures: [...sessionsFigures, ...payloadFigures(sizes)],
        goals: [
          goal(
            "P7",
            "p99 at 100 sessions within 1.5× of one session",
            `${times(ratios.median)} (native ${times(growth.base.median)})`,
            ratios.median <= 1.5,
          ),
        ],
      },
    ],
    raw: { sessions: levels, sizes },
  };
}

// The soak: mixed load over Streamable HTTP, WebSocket and stdio at once against `mcp-compositor
// serve` (the host-fixture component, two instances), every answer checked, the servers' RSS
// sampled. Used by `bench/soak.js` (10 minutes, on demand) and by a short test in CI.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServerProcess } from "@wasi-mcp/test-kit/process";
import { EVENT_STORE_DEFAULTS } from "@wasi-mcp/transport-http";
import { COMPONENTS, freshCacheDirectory } from "./paths.js";
import { latencyOf } from "./stats.js";
import { httpSession, stdioSession, wsSession } from "./wires.js";

const CLI = fileURLToPath(new URL("../../examples/mcp-compositor/dist/cli.js", import.meta.url));
const PROBE = new URL("./soak-probe.js", import.meta.url).href;
const BIG_TEXT = "x".repeat(64 * 1024);

/**
 * The mix every client draws from: each operation with its weight, its call and the check of its
 * answer. `trap` kills the instance that runs it (the host replaces it); its error is expected.
 */
export const OPERATIONS = [
  {
    name: "echo",
    weight: 50,
    args: (n) => ({ text: `soak ${n}` }),
    check: (reply, args) => reply.result?.content?.[0]?.text === args.text,
  },
  {
    name: "echo 64 KiB",
    tool: "echo",
    weight: 10,
    args: (n) => ({ text: `${n}:${BIG_TEXT}` }),
    check: (reply, args) => reply.result?.content?.[0]?.text === args.text,
  },
  {
    name: "slow 5 ms",
    tool: "slow",
    weight: 25,
    args: () => ({ ms: 5 }),
    check: (reply) => reply.result?.content?.[0]?.text === "slept 5 ms",
  },
  {
    name: "fail",
    weight: 14,
    args: (n) => ({ code: "invalid-params", message: `refused ${n}` }),
    check: (reply, args) => reply.error?.code === -32602 && reply.error.message === args.message,
  },
  {
    name: "trap",
    weight: 1,
    args: () => ({}),
    check: (reply) => reply.error !== undefined && /trap|unreachable|restart/i.test(reply.error.message),
  },
];

const TOTAL_WEIGHT = OPERATIONS.reduce((sum, op) => sum + op.weight, 0);

function pick(random) {
  let at = random() * TOTAL_WEIGHT;
  for (const op of OPERATIONS) {
    at -= op.weight;
    if (at < 0) return op;
  }
  return OPERATIONS[0];
}

/** A small seeded generator, so a run's mix can be repeated. */
function seeded(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/**
 * Starts `mcp-compositor serve --config <soak config> --transport <wire>` (test-kit's process
 * harness). Every line the server writes on stderr (its health events: instances replaced after a
 * trap or a deadline) is handed to `onStderr(line)`.
 */
async function startCompositor(wire, config, cacheDir, semiSpaceMiB, onStderr) {
  const v8Flags = semiSpaceMiB > 0 ? [`--min-semi-space-size=${semiSpaceMiB}`] : [];
  const args = [...v8Flags, "--import", PROBE, CLI, "serve", "--config", config, "--transport", wire];
  args.push("--cache-dir", cacheDir);
  if (wire !== "stdio") args.push("--port", "0");
  const server = await startServerProcess({
    name: `mcp-compositor (${wire})`,
    args,
    stdio: "pipe",
    ipc: true,
    onStderrLine: onStderr,
    ready: wire === "stdio" ? null : undefined,
    timeoutMs: 120_000,
  });
  return { child: server.child, url: server.url, stop: () => server.stop() };
}

/** RSS of a process in bytes (Linux), or NaN. */
function rssOf(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
    return line ? Number(line[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * What the probe loaded into a server (`soak-probe.js`) reports: its memory and, for HTTP, its
 * event store. Undefined when it does not answer within a second.
 */
async function probe(child) {
  if (!child.connected) return undefined;
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(undefined), 1_000);
    const onMessage = (message) => {
      if (message?.soakProbe) done(message.soakProbe);
    };
    const done = (figures) => {
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(figures);
    };
    child.on("message", onMessage);
    child.send("soak-probe", (error) => error && done(undefined));
  });
}

/** Sums the probes of one wire's servers (stdio has one per client). */
function sumProbes(probes) {
  const present = probes.filter((p) => p !== undefined);
  if (present.length === 0) return undefined;
  const sum = {};
  for (const p of present) {
    for (const [key, value] of Object.entries(p)) {
      // A stall is the longest of the servers', not their sum.
      if (key.endsWith("MaxMs")) sum[key] = Math.max(sum[key] ?? 0, value);
      else if (typeof value === "number") sum[key] = (sum[key] ?? 0) + value;
      else if (Array.isArray(value)) sum[key] = [...(sum[key] ?? []), ...value];
      else {
        sum[key] ??= {};
        for (const [k, v] of Object.entries(value)) sum[key][k] = (sum[key][k] ?? 0) + v;
      }
    }
  }
  return sum;
}

/** The HTTP event store's figures for a sample's log line. */
function storeLine(store) {
  if (!store) return "";
  return `  event store ${(store.bytes / 1_048_576).toFixed(1)} MiB, ${store.events} events, ${store.streams}+${store.tombstones} streams+tombstones`;
}

/** A window's counters. */
function freshWindow() {
  return { answers: 0, wrong: 0, overdue: 0, serverLines: {}, latencies: { http: [], ws: [], stdio: [] } };
}

/** The longest event-loop stall of each wire's server(s) in the window, for a sample's log line. */
function loopDelayLine(probes) {
  const parts = Object.entries(probes)
    .filter(([, p]) => Number.isFinite(p.loopDelayMaxMs))
    .map(([wire, p]) => `${wire} ${p.loopDelayMaxMs}`);
  return parts.length > 0 ? `  loop stall max ms ${parts.join(" ")}` : "";
}

/** How many lines each wire's server(s) wrote on stderr in the window (health events). */
function serverLinesLine(lines) {
  const parts = Object.entries(lines).map(([wire, count]) => `${wire} ${count}`);
  return parts.length > 0 ? `  stderr lines ${parts.join(" ")}` : "";
}

/**
 * Runs the soak. Options: `seconds` of measured load after `warmupSeconds`; `clients` per wire
 * (`{ http, ws, stdio }`; each stdio client is its own server process); `sampleSeconds` between
 * samples; `timeoutMs` after which an unanswered call counts as overdue (late if answered later,
 * lost if never); `seed`; `semiSpaceMiB`:
 * when above 0, the servers' V8 young generation starts at that semi-space size
 * (`--min-semi-space-size`) instead of growing to it in steps; `log(line)`.
 * Resolves with the totals, one sample per window and the verdicts.
 */
export async function runSoak(options = {}) {
  const {
    seconds = 600,
    warmupSeconds = 15,
    clients = { http: 8, ws: 6, stdio: 2 },
    sampleSeconds = 10,
    timeoutMs = 30_000,
    seed = 1,
    semiSpaceMiB = 0,
    log = () => {},
  } = options;
  const cacheDir = freshCacheDirectory();
  const config = join(cacheDir, "soak.json");
  writeFileSync(
    config,
    JSON.stringify({
      components: [
        { path: COMPONENTS.fixture, policy: { poolSize: 2, maxQueue: 1_000, deadlineMs: 10_000 } },
      ],
    }),
  );
  const wires = ["http", "ws", "stdio"].filter((wire) => clients[wire] > 0);
  const servers = [];
  const sessions = [];
  // The servers' stderr, each line with the second it came (from the start of the load; negative
  // while the servers start) — their health events say when an instance was replaced, and why.
  const serverLog = [];
  let origin = performance.now();
  let window = freshWindow();
  const stderrOf = (server) => {
    const wire = server.replace(/#.*/, "");
    return (line) => {
      serverLog.push({ t: Number(((performance.now() - origin) / 1_000).toFixed(1)), server, line });
      window.serverLines[wire] = (window.serverLines[wire] ?? 0) + 1;
    };
  };
  try {
    if (clients.http > 0) {
      const http = await startCompositor("http", config, cacheDir, semiSpaceMiB, stderrOf("http"));
      servers.push({ wire: "http", ...http });
      for (let i = 0; i < clients.http; i++)
        sessions.push({ wire: "http", session: await httpSession(http.url) });
    }
    if (clients.ws > 0) {
      const ws = await startCompositor("ws", config, cacheDir, semiSpaceMiB, stderrOf("ws"));
      servers.push({ wire: "ws", ...ws });
      for (let i = 0; i < clients.ws; i++) sessions.push({ wire: "ws", session: await wsSession(ws.url) });
    }
    for (let i = 0; i < clients.stdio; i++) {
      const stdio = await startCompositor(
        "stdio",
        config,
        cacheDir,
        semiSpaceMiB,
        stderrOf(`stdio#${i + 1}`),
      );
      servers.push({ wire: "stdio", ...stdio });
      sessions.push({ wire: "stdio", session: await stdioSession(stdio.child) });
    }
    log(`soak: ${sessions.length} clients (${JSON.stringify(clients)}), ${servers.length} servers`);

    const totals = { answers: 0, wrong: 0, late: 0, lost: 0, byOperation: {} };
    const wrongExamples = [];
    // Calls unanswered after `timeoutMs`: the client moves on, the call stays watched. One answered
    // later counts as late (with its latency); one never answered, by the end and a further
    // `timeoutMs`, as lost.
    const overdue = new Set();
    const lateAnswers = [];
    const loadStart = performance.now();
    // Lines written while the servers started are timed before the load (negative).
    for (const entry of serverLog) entry.t = Number((entry.t - (loadStart - origin) / 1_000).toFixed(1));
    origin = loadStart;
    let running = true;
    let n = 0;
    const counterOf = (op) => {
      totals.byOperation[op.name] ??= { answers: 0, wrong: 0, late: 0, lost: 0 };
      return totals.byOperation[op.name];
    };
    const judge = (op, args, reply) => {
      if (op.check(reply, args)) return;
      window.wrong++;
      totals.wrong++;
      counterOf(op).wrong++;
      if (wrongExamples.length < 5)
        wrongExamples.push({ op: op.name, reply: JSON.stringify(reply).slice(0, 300) });
    };
    const loop = async ({ wire, session }, index) => {
      const random = seeded(seed * 1_000 + index);
      while (running) {
        const op = pick(random);
        const args = op.args(n++);
        const started = performance.now();
        let timer;
        const call = session.call(op.tool ?? op.name, args);
        const reply = await Promise.race([
          call,
          new Promise((resolve) => {
            timer = setTimeout(() => resolve(undefined), timeoutMs);
          }),
        ]);
        clearTimeout(timer);
        const counted = counterOf(op);
        if (reply === undefined) {
          window.overdue++;
          const watched = { wire, op: op.name, sentAtS: Number(((started - origin) / 1_000).toFixed(1)) };
          overdue.add(watched);
          void call.then((late) => {
            overdue.delete(watched);
            totals.late++;
            counted.late++;
            lateAnswers.push({ ...watched, afterMs: Math.round(performance.now() - started) });
            judge(op, args, late);
          });
          continue;
        }
        window.answers++;
        totals.answers++;
        counted.answers++;
        window.latencies[wire].push(performance.now() - started);
        judge(op, args, reply);
      }
    };
    const loops = sessions.map(loop);

    const samples = [];
    const started = origin;
    const end = started + (warmupSeconds + seconds) * 1_000;
    while (performance.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, sampleSeconds * 1_000));
      const t = Math.round((performance.now() - started) / 1_000);
      const rss = Object.fromEntries(
        wires.map((wire) => [
          wire,
          servers.filter((s) => s.wire === wire).reduce((sum, s) => sum + rssOf(s.child.pid), 0),
        ]),
      );
      const probes = {};
      for (const wire of wires) {
        const figures = sumProbes(
          await Promise.all(servers.filter((s) => s.wire === wire).map((s) => probe(s.child))),
        );
        if (figures) probes[wire] = figures;
      }
      const sample = {
        t,
        warmup: t <= warmupSeconds,
        answers: window.answers,
        wrong: window.wrong,
        overdue: window.overdue,
        serverLines: window.serverLines,
        p50: {},
        p99: {},
        rssMiB: Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, Math.round(v / 1_048_576)])),
        probes,
      };
      for (const wire of wires) {
        const { p50, p99 } = latencyOf(window.latencies[wire]);
        sample.p50[wire] = Number(p50.toFixed(2));
        sample.p99[wire] = Number(p99.toFixed(2));
      }
      samples.push(sample);
      log(
        `t=${String(t).padStart(4)} s${sample.warmup ? " (warm-up)" : ""}  answers ${sample.answers}  wrong ${sample.wrong}  over ${timeoutMs / 1_000} s ${sample.overdue}  ` +
          wires.map((w) => `${w} p50/p99 ${sample.p50[w]}/${sample.p99[w]} ms`).join(" ") +
          "  RSS (anon)/heap total/worker heaps/wasm MiB " +
          wires
            .map((w) => {
              const p = probes[w];
              const wasm = p?.wasmPerWorkerMiB?.length
                ? `${p.wasmMiB} [${p.wasmPerWorkerMiB.join(" ")}]`
                : "?";
              return `${w} ${sample.rssMiB[w]} (${p?.rssAnonMiB ?? "?"})/${p?.heapTotalMiB ?? "?"}/${p?.workerHeapTotalMiB ?? "?"}/${wasm}`;
            })
            .join(" ") +
          loopDelayLine(probes) +
          serverLinesLine(sample.serverLines) +
          storeLine(probes.http?.eventStore),
      );
      window = freshWindow();
    }
    running = false;
    await Promise.all(loops);
    const grace = performance.now() + timeoutMs;
    while (overdue.size > 0 && performance.now() < grace)
      await new Promise((resolve) => setTimeout(resolve, 100));
    for (const watched of overdue) {
      totals.lost++;
      totals.byOperation[watched.op].lost++;
    }
    const lost = [...overdue];
    const duplicated = sessions.reduce((sum, { session }) => sum + session.unmatched, 0);
    const duplicatedByWire = {};
    for (const { wire, session } of sessions)
      duplicatedByWire[wire] = (duplicatedByWire[wire] ?? 0) + session.unmatched;
    return {
      totals: { ...totals, duplicated, duplicatedByWire },
      samples,
      wrongExamples,
      lateAnswers,
      lost,
      serverLog,
      verdict: verdictOf(samples, totals, duplicated, wires),
    };
  } finally {
    for (const { session } of sessions) session.close?.();
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/**
 * The goals: nothing lost, wrong or duplicated; RSS after warm-up a plateau, not a slope — the mean
 * of the last third of the post-warm-up samples within +10 % of the mean of the first third, per
 * wire (single samples swing with garbage collection; thirds do not).
 */
function verdictOf(samples, totals, duplicated, wires) {
  const measured = samples.filter((sample) => !sample.warmup);
  const third = Math.max(1, Math.floor(measured.length / 3));
  const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const rss = {};
  for (const wire of wires) {
    const values = measured.map((sample) => sample.rssMiB[wire]);
    const first = mean(values.slice(0, third));
    const last = mean(values.slice(-third));
    // Where the memory is, first third → last third: the V8 heap of the main thread, the heaps of
    // the instances' worker threads (RSS minus both is native memory: wasm, buffers, malloc).
    const thirds = (key) => {
      // A probe that did not answer in time (a loaded machine) leaves its sample out.
      const of = (part) =>
        Math.round(mean(part.map((sample) => sample.probes?.[wire]?.[key]).filter(Number.isFinite)));
      return [of(measured.slice(0, third)), of(measured.slice(-third))];
    };
    rss[wire] = {
      min: Math.min(...values),
      max: Math.max(...values),
      firstThirdMiB: Math.round(first),
      lastThirdMiB: Math.round(last),
      growthPercent: Number((((last - first) / first) * 100).toFixed(1)),
      heapTotalMiB: thirds("heapTotalMiB"),
      workerHeapTotalMiB: thirds("workerHeapTotalMiB"),
      wasmMiB: thirds("wasmMiB"),
      rssAnonMiB: thirds("rssAnonMiB"),
    };
  }
  return {
    correct: totals.lost === 0 && totals.wrong === 0 && duplicated === 0,
    rss,
    rssWithinGoal: Object.values(rss).every(({ growthPercent }) => !(growthPercent > 10)),
    eventStore: eventStoreOf(samples),
  };
}

/**
 * What the HTTP server's event store held at the end of the warm-up and at the end, beside its
 * bounds (the defaults: the soak does not change them), and which bound it had reached.
 */
function eventStoreOf(samples) {
  const held = (sample) => sample?.probes?.http?.eventStore;
  const atWarmupEnd = held(samples.filter((sample) => sample.warmup).at(-1));
  const atEnd = held(samples.at(-1));
  if (!atEnd) return undefined;
  const reached = (store) => {
    if (!store) return undefined;
    if (store.events >= EVENT_STORE_DEFAULTS.maxEvents)
      return `maxEvents (${EVENT_STORE_DEFAULTS.maxEvents})`;
    if (store.bytes >= EVENT_STORE_DEFAULTS.maxBytes * 0.95)
      return `maxBytes (${EVENT_STORE_DEFAULTS.maxBytes})`;
    return "none overall (per-session bounds or the TTL hold it)";
  };
  return {
    bounds: { ...EVENT_STORE_DEFAULTS },
    atWarmupEnd: atWarmupEnd && { ...atWarmupEnd, boundReached: reached(atWarmupEnd) },
    atEnd: { ...atEnd, boundReached: reached(atEnd) },
  };
}

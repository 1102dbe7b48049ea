// The soak: mixed load over Streamable HTTP, WebSocket and stdio at once against `mcp-compositor
// serve` (the host-fixture component, two instances), every answer checked, the servers' RSS
// sampled. Used by `bench/soak.js` (10 minutes, on demand) and by a short test in CI.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { COMPONENTS, freshCacheDirectory } from "./paths.js";
import { latencyOf } from "./stats.js";
import { httpSession, stdioSession, wsSession } from "./wires.js";

const CLI = fileURLToPath(new URL("../../examples/mcp-compositor/dist/cli.js", import.meta.url));
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

/** Starts `mcp-compositor serve --config <soak config> --transport <wire>`. */
async function startCompositor(wire, config, cacheDir) {
  const args = [CLI, "serve", "--config", config, "--transport", wire, "--cache-dir", cacheDir];
  if (wire !== "stdio") args.push("--port", "0");
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"] });
  const exited = once(child, "exit");
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  if (wire === "stdio") return { child, stop };
  let stderr = "";
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 120 s:\n${stderr}`)), 120_000);
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
        const found = / at ((?:http|ws):\/\/\S+)/.exec(stderr);
        if (found) {
          clearTimeout(timer);
          resolve(new URL(found[1]));
        }
      });
      child.once("exit", (code) => reject(new Error(`exited (${code}) before serving:\n${stderr}`)));
    });
    return { child, url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
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

/** A window's counters. */
function freshWindow() {
  return { answers: 0, wrong: 0, lost: 0, latencies: { http: [], ws: [], stdio: [] } };
}

/**
 * Runs the soak. Options: `seconds` of measured load after `warmupSeconds`; `clients` per wire
 * (`{ http, ws, stdio }`; each stdio client is its own server process); `sampleSeconds` between
 * samples; `timeoutMs` after which an unanswered call counts as lost; `seed`; `log(line)`.
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
  const servers = [];
  const sessions = [];
  try {
    const http = await startCompositor("http", config, cacheDir);
    servers.push({ wire: "http", ...http });
    const ws = await startCompositor("ws", config, cacheDir);
    servers.push({ wire: "ws", ...ws });
    for (let i = 0; i < clients.http; i++)
      sessions.push({ wire: "http", session: await httpSession(http.url) });
    for (let i = 0; i < clients.ws; i++) sessions.push({ wire: "ws", session: await wsSession(ws.url) });
    for (let i = 0; i < clients.stdio; i++) {
      const stdio = await startCompositor("stdio", config, cacheDir);
      servers.push({ wire: "stdio", ...stdio });
      sessions.push({ wire: "stdio", session: await stdioSession(stdio.child) });
    }
    log(`soak: ${sessions.length} clients (${JSON.stringify(clients)}), ${servers.length} servers`);

    const totals = { answers: 0, wrong: 0, lost: 0, byOperation: {} };
    const wrongExamples = [];
    let window = freshWindow();
    let running = true;
    let n = 0;
    const loop = async ({ wire, session }, index) => {
      const random = seeded(seed * 1_000 + index);
      while (running) {
        const op = pick(random);
        const args = op.args(n++);
        const started = performance.now();
        let timer;
        const reply = await Promise.race([
          session.call(op.tool ?? op.name, args),
          new Promise((resolve) => {
            timer = setTimeout(() => resolve(undefined), timeoutMs);
          }),
        ]);
        clearTimeout(timer);
        totals.byOperation[op.name] ??= { answers: 0, wrong: 0, lost: 0 };
        const counted = totals.byOperation[op.name];
        if (reply === undefined) {
          window.lost++;
          totals.lost++;
          counted.lost++;
          continue;
        }
        window.answers++;
        totals.answers++;
        counted.answers++;
        window.latencies[wire].push(performance.now() - started);
        if (!op.check(reply, args)) {
          window.wrong++;
          totals.wrong++;
          counted.wrong++;
          if (wrongExamples.length < 5)
            wrongExamples.push({ op: op.name, reply: JSON.stringify(reply).slice(0, 300) });
        }
      }
    };
    const loops = sessions.map(loop);

    const samples = [];
    const started = performance.now();
    const end = started + (warmupSeconds + seconds) * 1_000;
    while (performance.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, sampleSeconds * 1_000));
      const t = Math.round((performance.now() - started) / 1_000);
      const rss = Object.fromEntries(
        ["http", "ws", "stdio"].map((wire) => [
          wire,
          servers.filter((s) => s.wire === wire).reduce((sum, s) => sum + rssOf(s.child.pid), 0),
        ]),
      );
      const sample = {
        t,
        warmup: t <= warmupSeconds,
        answers: window.answers,
        wrong: window.wrong,
        lost: window.lost,
        p50: {},
        p99: {},
        rssMiB: Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, Math.round(v / 1_048_576)])),
      };
      for (const wire of ["http", "ws", "stdio"]) {
        const { p50, p99 } = latencyOf(window.latencies[wire]);
        sample.p50[wire] = Number(p50.toFixed(2));
        sample.p99[wire] = Number(p99.toFixed(2));
      }
      samples.push(sample);
      log(
        `t=${String(t).padStart(4)} s${sample.warmup ? " (warm-up)" : ""}  answers ${sample.answers}  wrong ${sample.wrong}  lost ${sample.lost}  ` +
          `p50/p99 ms http ${sample.p50.http}/${sample.p99.http} ws ${sample.p50.ws}/${sample.p99.ws} stdio ${sample.p50.stdio}/${sample.p99.stdio}  ` +
          `RSS MiB http ${sample.rssMiB.http} ws ${sample.rssMiB.ws} stdio ${sample.rssMiB.stdio}`,
      );
      window = freshWindow();
    }
    running = false;
    await Promise.all(loops);
    const duplicated = sessions.reduce((sum, { session }) => sum + session.unmatched, 0);
    const duplicatedByWire = {};
    for (const { wire, session } of sessions)
      duplicatedByWire[wire] = (duplicatedByWire[wire] ?? 0) + session.unmatched;
    return {
      totals: { ...totals, duplicated, duplicatedByWire },
      samples,
      wrongExamples,
      verdict: verdictOf(samples, totals, duplicated),
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
function verdictOf(samples, totals, duplicated) {
  const measured = samples.filter((sample) => !sample.warmup);
  const third = Math.max(1, Math.floor(measured.length / 3));
  const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const rss = {};
  for (const wire of ["http", "ws", "stdio"]) {
    const values = measured.map((sample) => sample.rssMiB[wire]);
    const first = mean(values.slice(0, third));
    const last = mean(values.slice(-third));
    rss[wire] = {
      min: Math.min(...values),
      max: Math.max(...values),
      firstThirdMiB: Math.round(first),
      lastThirdMiB: Math.round(last),
      growthPercent: Number((((last - first) / first) * 100).toFixed(1)),
    };
  }
  return {
    correct: totals.lost === 0 && totals.wrong === 0 && duplicated === 0,
    rss,
    rssWithinGoal: Object.values(rss).every(({ growthPercent }) => !(growthPercent > 10)),
  };
}

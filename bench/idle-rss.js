#!/usr/bin/env node
// `node bench/idle-rss.js [root…]`: the idle memory of `npm start` — `mcp-compositor serve` with the
// four example components of examples/mcp-compositor/examples.json over HTTP — per checkout root
// (default: this one; give a second root, e.g. an unchanged checkout, to compare). Each root is
// started ROUNDS times (default 2), interleaved with the others; for each start, the server's
// resident memory (VmRSS) and thread count are read SETTLE_SECONDS after it says it is ready
// (default 10) and again at LATE_SECONDS (default 70: after the pools' standby instances expire).
// Nothing connects. A warm transpile cache is used (a first start transpiles; not measured).
// A root may name another configuration file after a `#` (`root#/tmp/eager.json`), to compare two
// configurations of one checkout (e.g. without `idleInstanceMs`, ADR 0014) in the same run.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freshCacheDirectory } from "./lib/paths.js";

const here = fileURLToPath(new URL("..", import.meta.url));
const roots = (process.argv.slice(2).length > 0 ? process.argv.slice(2) : [here]).map((entry) => {
  const [root = here, config] = entry.split("#");
  return config ? `${resolve(root)}#${resolve(config)}` : resolve(root);
});
const rounds = Number(process.env.ROUNDS ?? 2);
const settle = Number(process.env.SETTLE_SECONDS ?? 10);
const late = Number(process.env.LATE_SECONDS ?? 70);
const MiB = 1024 * 1024;

/** VmRSS (bytes) and thread count of a process. */
function sample(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  return { rss, threads: readdirSync(`/proc/${pid}/task`).length };
}

const sleep = (seconds) => new Promise((done) => setTimeout(done, seconds * 1000));

/** Starts the compositor of `root`, waits until it is ready, samples it, stops it. */
async function measure(entry, cacheDirectory) {
  const [root = here, otherConfig] = entry.split("#");
  const cli = join(root, "examples", "mcp-compositor", "dist", "cli.js");
  const config = otherConfig ?? join(root, "examples", "mcp-compositor", "examples.json");
  const child = spawn(
    process.execPath,
    [cli, "serve", "--config", config, "--port", "0", "--cache-dir", cacheDirectory],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  await new Promise((ready, fail) => {
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      if (/ready in \d+ ms/.test(stderr)) ready();
    });
    child.once("exit", (code) => fail(new Error(`${cli} exited (${code}) before it was ready:\n${stderr}`)));
  });
  await sleep(settle);
  const early = sample(child.pid);
  await sleep(late - settle);
  const later = sample(child.pid);
  child.kill("SIGTERM");
  await new Promise((done) => child.once("exit", done));
  return { early, later };
}

const caches = new Map(roots.map((root) => [root, freshCacheDirectory()]));
for (const root of roots) await measure(root, caches.get(root)).catch(() => {}); // warms the cache
const results = new Map(roots.map((root) => [root, []]));
for (let round = 0; round < rounds; round++) {
  for (const root of roots) {
    const measured = await measure(root, caches.get(root));
    results.get(root).push(measured);
    console.log(
      `${root} round ${round + 1}: ${settle} s: ${(measured.early.rss / MiB).toFixed(0)} MiB, ${measured.early.threads} threads; ` +
        `${late} s: ${(measured.later.rss / MiB).toFixed(0)} MiB, ${measured.later.threads} threads`,
    );
  }
}
console.log("\nroot | RSS at settle (MiB) | RSS later (MiB) | threads at settle | threads later");
for (const [root, runs] of results) {
  const span = (values) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
  console.log(
    `${root} | ${span(runs.map((r) => r.early.rss / MiB))} | ${span(runs.map((r) => r.later.rss / MiB))} | ` +
      `${span(runs.map((r) => r.early.threads))} | ${span(runs.map((r) => r.later.threads))}`,
  );
}

// Server child processes: start one, wait until it listens, read what it reports about its start.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { SERVE_SCRIPT } from "./paths.js";

/**
 * Spawns `serve.js <wire> <variant> [wasm]` (`script`: another checkout's `serve.js`, to compare). Resolves with the child, its `port` (HTTP, WS) and
 * `ready`: a promise of what it reported (load timings of ours, ms from its start to serving).
 * Its other stderr output is passed through.
 */
export async function startServer(wire, variant, wasm, env = {}, script = SERVE_SCRIPT) {
  const args = [script, wire, variant, ...(wasm ? [wasm] : [])];
  const child = spawn(process.execPath, args, {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  const reported = { timings: undefined, readyMs: undefined };
  const ready = new Promise((resolve) => {
    createInterface({ input: child.stderr }).on("line", (line) => {
      if (line.startsWith("BENCH_TIMINGS ")) reported.timings = JSON.parse(line.slice(14));
      else if (line.startsWith("BENCH_READY ")) {
        reported.readyMs = Number(line.slice(12));
        resolve(reported);
      } else process.stderr.write(`  [server ${wire}/${variant}] ${line}\n`);
    });
    child.once("exit", () => resolve(reported));
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await exited;
  };
  if (wire === "stdio") return { child, ready, stop };
  const port = await portOf(child);
  return { child, port, ready, stop };
}

async function portOf(child) {
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    if (line.startsWith("PORT ")) {
      lines.close();
      child.stdout.resume();
      return Number(line.slice(5));
    }
  }
  throw new Error(`[@wasi-mcp/bench] server exited (${child.exitCode}) before listening`);
}

/** The URL of a server child on a wire. */
export function urlOf(wire, server) {
  return wire === "http" ? `http://127.0.0.1:${server.port}/mcp` : `ws://127.0.0.1:${server.port}/ws`;
}

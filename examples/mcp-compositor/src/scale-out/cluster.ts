import cluster, { type Worker } from "node:cluster";
import { randomBytes } from "node:crypto";
import type { InMemoryEventStoreOptions } from "@wasi-mcp/transport-http";
import type { Logger } from "../logger.js";
import { IpcStateHost } from "./ipc-state.js";
import { WORKER_ENV } from "./options.js";

/** A worker's report to the primary that it serves (its ready line). */
interface ReadyReport {
  mcpReady: string;
}

/** Tells the primary this worker serves; the primary prints one ready line for all. */
export function reportReady(line: string): void {
  process.send?.({ mcpReady: line } satisfies ReadyReport);
}

/** Whether this process is a worker of `--workers`. */
export function isClusterWorker(): boolean {
  return cluster.isWorker && process.env[WORKER_ENV] === "1";
}

/**
 * The primary of `--workers N` (ADR 0011 §8): forks N workers running the same command line, which
 * share the listening port (the primary passes each accepted connection to a worker, round robin —
 * no proxy hop); without Redis it holds the shared state ({@link IpcStateHost}). Gives every worker
 * the same requestState key (a random one unless configured). Replaces a worker that dies; on
 * SIGTERM/SIGINT, drains every worker and resolves once all have exited.
 */
export async function runPrimary(options: {
  workers: number;
  redis: string | undefined;
  requestStateKey: Uint8Array | undefined;
  eventStore: InMemoryEventStoreOptions;
  log: Logger;
}): Promise<void> {
  const { workers, log } = options;
  const host = options.redis ? undefined : new IpcStateHost(options.eventStore);
  // One random key for all workers, unless one is configured (every worker reads the same source)
  // or Redis holds the deployment's.
  const key =
    options.requestStateKey || options.redis
      ? {}
      : { WASI_MCP_REQUEST_STATE_KEY: randomBytes(32).toString("hex") };
  // Round robin (the default except on Windows): connections are spread evenly over the workers.
  cluster.schedulingPolicy = cluster.SCHED_RR;
  let stopping = false;
  let ready = 0;
  const fork = (): Worker => {
    const worker = cluster.fork({ [WORKER_ENV]: "1", ...key });
    host?.serve(worker);
    worker.on("message", (message: Partial<ReadyReport>) => {
      if (typeof message?.mcpReady !== "string") return;
      ready++;
      // One line for all, once every worker serves (the line watchers wait for).
      if (ready === workers) log.info(message.mcpReady.replace(/ at /, ` on ${workers} workers at `));
    });
    return worker;
  };
  for (let i = 0; i < workers; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    log.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    ready--;
    fork();
  });
  await new Promise<void>((resolve) => {
    const stop = () => {
      if (stopping) return;
      stopping = true;
      log.info(`draining ${workers} workers`);
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
      const check = () => {
        if (Object.keys(cluster.workers ?? {}).length === 0) resolve();
      };
      cluster.on("exit", check);
      check();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

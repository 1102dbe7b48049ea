import { availableParallelism } from "node:os";

/** How a compositor scales out (`--workers`, `--redis`, or `scaleOut` in the configuration). */
export interface ScaleOutConfig {
  /** Processes serving the port on this machine: a number ≥ 1, or `"auto"` (one per core). Default 1. */
  workers?: number | "auto";
  /** `redis://host:port[/db]` (or `rediss://`): state shared with compositors on other machines. */
  redis?: string;
}

/** The environment variable that marks a cluster worker of `--workers` (set by the primary). */
export const WORKER_ENV = "WASI_MCP_COMPOSITOR_WORKER";

/** `--workers` as given: a positive integer or `auto`. */
export function parseWorkers(value: string): number | "auto" {
  if (value === "auto") return "auto";
  const workers = Number(value);
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > 1024) {
    throw new Error(`invalid --workers "${value}"; expected a positive integer or "auto"`);
  }
  return workers;
}

/** `--redis` as given: a redis:// or rediss:// URL. */
export function parseRedisUrl(value: string): string {
  if (!/^rediss?:\/\/[^\s/]+/.test(value)) {
    throw new Error(`invalid --redis "${value}"; expected redis://host:port (or rediss://)`);
  }
  return value;
}

/** The number of worker processes `workers` means on this machine. */
export function workerCount(workers: ScaleOutConfig["workers"]): number {
  return workers === "auto" ? availableParallelism() : (workers ?? 1);
}

/**
 * Refuses, at start-up and with the reason, what cannot work: several processes on stdio (there is
 * one stdin), shared state on stdio.
 */
export function checkScaleOut(transport: string, scaleOut: ScaleOutConfig): void {
  if (transport !== "stdio") return;
  if (workerCount(scaleOut.workers) > 1) {
    throw new Error(
      "--workers needs a network transport (--transport http or ws): stdio has one client, on one stdin",
    );
  }
  if (scaleOut.redis) throw new Error("--redis needs a network transport (--transport http or ws)");
}

import { DEFAULT_MAX_IO_RESOURCES } from "@wasi-mcp/host/portable";
/** An in-memory directory tree: a file is `{ source }`, a directory is `{ dir }`. */
export interface MemoryDirectory {
  dir: Record<string, MemoryDirectory | { source: string | Uint8Array }>;
}

/**
 * What one component may do in the page. Everything is denied unless granted here: no files, no
 * environment variables, no network; clocks and randomness are always available.
 *
 * @example
 * ```ts
 * const policy: BrowserPolicy = { allowedOrigins: ["https://api.example.com"], deadlineMs: 5_000 };
 * ```
 */
export interface BrowserPolicy {
  /** In-memory directories the component sees, by guest path (e.g. `/data`). */
  directories?: Record<string, MemoryDirectory>;
  /** Environment variables the component sees. */
  env?: Record<string, string>;
  /** Origins (`https://host[:port]`) the component may reach with `wasi:http`; no others. */
  allowedOrigins?: string[];
  /** Deadline of one call, in milliseconds. Default 30 000. */
  deadlineMs?: number;
  /** Per-tool deadlines, overriding `deadlineMs`. */
  toolDeadlinesMs?: Record<string, number>;
  /** Maximum linear memory of the component, in bytes. Default 256 MiB. */
  memoryLimitBytes?: number;
  /** How long starting an instance (instantiate + `run`) may take. Default 30 000 ms. */
  startTimeoutMs?: number;
  /**
   * Bytes the page may hold for one instance outside its linear memory: the `wasi:http` fields it
   * made (names and values). Past it, a field append or set fails with the header error
   * `forbidden`. Default 64 MiB, as in the Node host.
   */
  maxHostBytes?: number;
  /**
   * `wasi:io` streams and pollables one instance may hold at once (stdio streams, response
   * futures, every `subscribe`, `subscribe-duration`, `subscribe-instant`); past it the instance
   * traps (those calls have no error case) and is replaced, a `handle` fails `internal-error`.
   * Default 4 096, as in the Node host.
   */
  maxIoResources?: number;
  /**
   * Past this fraction of `memoryLimitBytes`, an instance is retired between calls and replaced
   * by a fresh one (linear memory never shrinks). Default 0.8, as in the Node host.
   */
  memoryHighWaterRatio?: number;
  /** Instances of the component, each in its own Web Worker. Default 1. */
  poolSize?: number;
  /** Calls that may wait for a free instance; more are refused as busy. Default 64. */
  maxQueue?: number;
  /** How long a call may wait for a free instance before it is refused as busy. Default 60 000 ms. */
  maxQueueWaitMs?: number;
}

/**
 * A policy with every default filled in. Instances always run in Web Workers (`isolation` is
 * `"worker"`): a guest in the page's own thread would block the page.
 */
export type ResolvedBrowserPolicy = Required<BrowserPolicy> & { isolation: "worker" };

/** Fills in the defaults of a policy and checks its numbers. */
export function resolveBrowserPolicy(policy: BrowserPolicy = {}): ResolvedBrowserPolicy {
  const resolved: ResolvedBrowserPolicy = {
    directories: { ...(policy.directories ?? {}) },
    env: { ...(policy.env ?? {}) },
    allowedOrigins: (policy.allowedOrigins ?? []).map((origin) => new URL(origin).origin),
    deadlineMs: policy.deadlineMs ?? 30_000,
    toolDeadlinesMs: { ...(policy.toolDeadlinesMs ?? {}) },
    memoryLimitBytes: policy.memoryLimitBytes ?? 256 * 1024 * 1024,
    startTimeoutMs: policy.startTimeoutMs ?? 30_000,
    maxHostBytes: policy.maxHostBytes ?? 64 * 1024 * 1024,
    maxIoResources: policy.maxIoResources ?? DEFAULT_MAX_IO_RESOURCES,
    memoryHighWaterRatio: policy.memoryHighWaterRatio ?? 0.8,
    poolSize: policy.poolSize ?? 1,
    maxQueue: policy.maxQueue ?? 64,
    maxQueueWaitMs: policy.maxQueueWaitMs ?? 60_000,
    isolation: "worker",
  };
  const positive = [
    "deadlineMs",
    "memoryLimitBytes",
    "startTimeoutMs",
    "maxHostBytes",
    "maxIoResources",
    "poolSize",
    "maxQueueWaitMs",
  ] as const;
  for (const key of positive) {
    if (!(resolved[key] > 0)) throw new RangeError(`[@wasi-mcp/host-browser] policy.${key} must be positive`);
  }
  if (!(resolved.memoryHighWaterRatio > 0 && resolved.memoryHighWaterRatio <= 1))
    throw new RangeError("[@wasi-mcp/host-browser] policy.memoryHighWaterRatio must be a number in (0, 1]");
  if (!(resolved.maxQueue >= 0))
    throw new RangeError("[@wasi-mcp/host-browser] policy.maxQueue must not be negative");
  for (const path of Object.keys(resolved.directories)) {
    if (!path.startsWith("/"))
      throw new RangeError(`[@wasi-mcp/host-browser] directory guest path "${path}" must be absolute`);
  }
  return resolved;
}

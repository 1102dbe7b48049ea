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
}

/** A policy with every default filled in. */
export type ResolvedBrowserPolicy = Required<BrowserPolicy>;

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
  };
  const positive = [
    "deadlineMs",
    "memoryLimitBytes",
    "startTimeoutMs",
    "maxHostBytes",
    "maxIoResources",
  ] as const;
  for (const key of positive) {
    if (!(resolved[key] > 0)) throw new RangeError(`[@wasi-mcp/host-browser] policy.${key} must be positive`);
  }
  for (const path of Object.keys(resolved.directories)) {
    if (!path.startsWith("/"))
      throw new RangeError(`[@wasi-mcp/host-browser] directory guest path "${path}" must be absolute`);
  }
  return resolved;
}

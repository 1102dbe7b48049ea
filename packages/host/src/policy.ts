import { parseHostRule } from "./allowed-hosts.js";

/** A host directory made visible to a component. */
export interface PreopenGrant {
  /** Directory on the host. */
  hostPath: string;
  /** Where the component sees it, e.g. `/data`. */
  guestPath: string;
  /** Refuse every write, create, rename and delete under it. Default `true`. */
  readOnly?: boolean;
}

/**
 * What one component may do. Everything is denied unless granted here: no files, no environment
 * variables, no network; clocks and randomness are always available.
 *
 * @example
 * ```ts
 * const policy: ComponentPolicy = {
 *   preopens: [{ hostPath: "./notes", guestPath: "/data", readOnly: false }],
 *   env: { API_BASE: "https://example.com" },
 *   allowedHosts: ["example.com"],
 *   deadlineMs: 10_000,
 * };
 * ```
 */
export interface ComponentPolicy {
  /** Directories the component may read (and write, when not read-only). */
  preopens?: PreopenGrant[];
  /** Environment variables the component sees (nothing from the host's environment leaks in). */
  env?: Record<string, string>;
  /**
   * Where the component may send outgoing HTTP (`wasi:http`, `fetch`); nowhere by default. Each
   * entry is `[scheme://]host[:port]`: `host` a name, `*.name` (any subdomain, not the name itself),
   * an IPv4 or `[IPv6]` literal; no port means the scheme's default (80/443), `:*` any port; no
   * scheme means http and https. Names are matched as written (never resolved): loopback and
   * private addresses are reachable only when listed. Every request (each redirect too) is checked.
   */
  allowedHosts?: string[];
  /** Deadline of one call, in milliseconds. Default 30 000. */
  deadlineMs?: number;
  /** Per-tool deadlines, overriding `deadlineMs`. */
  toolDeadlinesMs?: Record<string, number>;
  /** Maximum linear memory of the component, in bytes. Default 256 MiB. */
  memoryLimitBytes?: number;
  /** Instances serving calls concurrently. Default 1 (components that keep state need 1). */
  poolSize?: number;
  /** Calls that may wait for a free instance; beyond that a call is refused as busy. Default 64. */
  maxQueue?: number;
  /** Where the guest's stdout/stderr go: MCP log notifications (`"log"`) or host stderr. Default `"log"`. */
  stdio?: "log" | "stderr";
  /**
   * Where instances run. `"worker"` (default): each in its own worker thread — a call past its
   * deadline or cancelled is stopped, even in an infinite loop. `"in-process"`: in the host's
   * thread, for trusted components only — no thread hop per call, but a call cannot be stopped
   * (deadlines and cancellation apply once the guest returns; a guest that never returns blocks
   * the host), and `request-sampling`, `request-elicitation` and `wasi:mcp/client` are refused.
   */
  isolation?: "worker" | "in-process";
}

/** A policy with every default filled in. */
export type ResolvedPolicy = Required<Omit<ComponentPolicy, "preopens">> & {
  preopens: Required<PreopenGrant>[];
};

/** Fills in the defaults of a policy and checks its numbers. */
export function resolvePolicy(policy: ComponentPolicy = {}): ResolvedPolicy {
  const resolved: ResolvedPolicy = {
    preopens: (policy.preopens ?? []).map((grant) => ({ ...grant, readOnly: grant.readOnly ?? true })),
    env: { ...(policy.env ?? {}) },
    allowedHosts: [...(policy.allowedHosts ?? [])],
    deadlineMs: policy.deadlineMs ?? 30_000,
    toolDeadlinesMs: { ...(policy.toolDeadlinesMs ?? {}) },
    memoryLimitBytes: policy.memoryLimitBytes ?? 256 * 1024 * 1024,
    poolSize: policy.poolSize ?? 1,
    maxQueue: policy.maxQueue ?? 64,
    stdio: policy.stdio ?? "log",
    isolation: policy.isolation ?? "worker",
  };
  if (resolved.isolation !== "worker" && resolved.isolation !== "in-process") {
    throw new RangeError(
      `[@wasi-mcp/host] policy.isolation must be "worker" or "in-process", not ${JSON.stringify(resolved.isolation)}`,
    );
  }
  for (const key of ["deadlineMs", "memoryLimitBytes", "poolSize"] as const) {
    if (!(resolved[key] > 0)) throw new RangeError(`[@wasi-mcp/host] policy.${key} must be positive`);
  }
  if (!(resolved.maxQueue >= 0))
    throw new RangeError("[@wasi-mcp/host] policy.maxQueue must not be negative");
  for (const entry of resolved.allowedHosts) parseHostRule(entry);
  for (const grant of resolved.preopens) {
    if (!grant.guestPath.startsWith("/")) {
      throw new RangeError(`[@wasi-mcp/host] preopen guest path "${grant.guestPath}" must be absolute`);
    }
  }
  return resolved;
}

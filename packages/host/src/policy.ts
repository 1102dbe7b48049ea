import { DEFAULT_SKILL_LIMITS, type SkillLimits } from "./guest-runtime/skill-registry.js";
import { newQuotaCounter } from "./sandbox/filesystem/quota-counter.js";
import { parseHostRule } from "./sandbox/http/allowed-hosts.js";
import { DEFAULT_MAX_IO_RESOURCES } from "./sandbox/io/io-resources.js";

/** A host directory made visible to a component. */
export interface PreopenGrant {
  /** Directory on the host. */
  hostPath: string;
  /** Where the component sees it, e.g. `/data`. */
  guestPath: string;
  /** Refuse every write, create, rename and delete under it. Default `true`. */
  readOnly?: boolean;
  /**
   * Let the component make symbolic links (`symlink-at`) in a writable grant. Default `false`: a
   * link is a path the host must resolve again at every use, and the way races between instances
   * turn into escapes. Links that already exist are followed (and checked) either way.
   */
  allowSymlinks?: boolean;
  /**
   * Let the component make hard links (`link-at`) in a writable grant. Default `false`: a hard link
   * made by a racing check names a file wherever it lives, outside the grant too.
   */
  allowHardLinks?: boolean;
  /**
   * Most bytes the files under a writable grant may hold (each file by its size, so a sparse file
   * counts as large as it claims; each inode once). A write, resize or move that would pass it is
   * refused with `insufficient-space`. No limit when absent.
   */
  maxBytes?: number;
}

/** A grant with its defaults, as the sandbox applies it. */
export type ResolvedPreopen = Required<PreopenGrant> & {
  /** The quota's shared count (one per grant of a loaded component, shared by its instances). */
  usage: SharedArrayBuffer;
};

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
   * scheme means http and https. The host resolves an admitted name and connects to the address it
   * checked: loopback, private and link-local addresses only when an IP-literal entry (or, for
   * `localhost`, a `localhost` entry) admits them. Every request (each redirect too) is checked.
   */
  allowedHosts?: string[];
  /**
   * Time and size limits of each outgoing HTTP request (each redirect hop is a request of its own).
   * A request past one fails in the guest (its `fetch` rejects) and the failing tool result names
   * the limit; defaults in {@link OUTGOING_HTTP_DEFAULTS}.
   */
  outgoingHttp?: OutgoingHttpLimits;
  /** Deadline of one call, in milliseconds. Default 30 000. */
  deadlineMs?: number;
  /** Per-tool deadlines, overriding `deadlineMs`. */
  toolDeadlinesMs?: Record<string, number>;
  /** Maximum linear memory of the component, in bytes. Default 256 MiB. */
  memoryLimitBytes?: number;
  /**
   * An instance whose linear memory has reached this share of `memoryLimitBytes` is retired
   * between two calls and replaced (from the standby instance when there is one), so that no call
   * meets the out-of-memory trap of memory that grew with the calls served before it (a JS
   * component's engine collects garbage late: see docs/reliability.md). Not when the instance
   * started above it (a fresh one would too). A number in (0, 1]; default 0.8.
   */
  memoryHighWaterRatio?: number;
  /**
   * Stop an instance that no call has taken for this many milliseconds, and start one again at the
   * next call (docs/adr/0014-lazy-instances.md). The lists stay what the component registered at
   * start-up, so listing needs no instance; what an instance kept in memory (a JS component's
   * variables, what it registered later) goes with it, so a component that keeps state across
   * calls should leave this unset. The first call after a stop waits for the instance to start
   * (hello.wasm: ≈ 0.4–0.7 s in a worker on a busy 2-core machine; docs/benchmarks.md). `0` stops the instances once the load
   * has read their registrations. Default: never.
   */
  idleInstanceMs?: number;
  /** Instances serving calls concurrently. Default 1 (components that keep state need 1). */
  poolSize?: number;
  /** Calls that may wait for a free instance; beyond that a call is refused as busy. Default 64. */
  maxQueue?: number;
  /**
   * Longest a call may wait for a free instance (others busy, or a dead one being replaced), in
   * milliseconds; past it the call is refused as busy. Its own deadline starts once it runs.
   * Default 60 000.
   */
  maxQueueWaitMs?: number;
  /**
   * Open file descriptors (files, directories, directory listings) one instance may hold at once;
   * an open past it is refused with the WASI code `quota`, as is one that would bring the host
   * process within its reserve (a quarter of its descriptor limit, at least 256). Default 256.
   */
  maxOpenDescriptors?: number;
  /**
   * Bytes the host may hold on one instance's behalf outside its linear memory (which
   * `memoryLimitBytes` bounds). Counted: the names and values of the `wasi:http` fields (headers,
   * trailers) the instance made and still holds — past it, `append`/`set`/`from-list` fail with the
   * header error `forbidden` — and its outgoing requests not yet sent (16 KiB each, plus their
   * method, path and authority: a setter past it fails, a new request traps). Default 64 MiB.
   */
  maxHostBytes?: number;
  /**
   * `wasi:io` streams and pollables one instance may hold at once (stdio and file streams, HTTP
   * body streams and response futures, and every pollable: `subscribe`, `subscribe-duration`,
   * `subscribe-instant`). A creation past it fails with its WIT error where the call has one
   * (`quota` for a file stream, the unit error of a body's stream); where it has none (every
   * `subscribe`, `get-stdout`) the instance traps and is replaced. Default 4 096.
   */
  maxIoResources?: number;
  /**
   * What one instance may register through `wasi:mcp/skills` (SEP-2640 skills): skills at once
   * (default 64), files per skill (default 512, the extension's own limit) and bytes of all its
   * skills' files together (default 16 MiB). A registration past one fails with `invalid-params`.
   */
  skills?: Partial<SkillLimits>;
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

/** Limits of one outgoing HTTP request (`policy.outgoingHttp`). */
export interface OutgoingHttpLimits {
  /**
   * The whole exchange — resolving the name, connecting, sending, the response's head and its
   * last byte — must end within this many milliseconds. Default 30 000.
   */
  timeoutMs?: number;
  /** Largest request body sent, in bytes (declared or streamed). Default 16 MiB. */
  maxRequestBytes?: number;
  /** Largest response body received, in bytes (declared or streamed). Default 64 MiB. */
  maxResponseBytes?: number;
  /**
   * Requests one instance may have in flight at once (from `handle` until the response's last
   * byte, or its failure); one more fails with the `wasi:http` error `connection-limit-reached`.
   * Default 16.
   */
  maxConcurrentRequests?: number;
}

/** The defaults of `policy.outgoingHttp`. */
export const OUTGOING_HTTP_DEFAULTS: Readonly<Required<OutgoingHttpLimits>> = {
  timeoutMs: 30_000,
  maxRequestBytes: 16 * 1024 * 1024,
  maxResponseBytes: 64 * 1024 * 1024,
  maxConcurrentRequests: 16,
};

/** A policy with every default filled in. */
export type ResolvedPolicy = Required<Omit<ComponentPolicy, "preopens" | "outgoingHttp" | "skills">> & {
  preopens: ResolvedPreopen[];
  outgoingHttp: Required<OutgoingHttpLimits>;
  skills: SkillLimits;
};

/** Fills in the defaults of a policy and checks its numbers. */
export function resolvePolicy(policy: ComponentPolicy = {}): ResolvedPolicy {
  const resolved: ResolvedPolicy = {
    preopens: (policy.preopens ?? []).map((grant) => ({
      ...grant,
      readOnly: grant.readOnly ?? true,
      allowSymlinks: grant.allowSymlinks ?? false,
      allowHardLinks: grant.allowHardLinks ?? false,
      maxBytes: grant.maxBytes ?? Number.POSITIVE_INFINITY,
      usage: newQuotaCounter(),
    })),
    env: { ...(policy.env ?? {}) },
    allowedHosts: [...(policy.allowedHosts ?? [])],
    outgoingHttp: { ...OUTGOING_HTTP_DEFAULTS, ...definedOnly(policy.outgoingHttp) },
    deadlineMs: policy.deadlineMs ?? 30_000,
    toolDeadlinesMs: { ...(policy.toolDeadlinesMs ?? {}) },
    memoryLimitBytes: policy.memoryLimitBytes ?? 256 * 1024 * 1024,
    memoryHighWaterRatio: policy.memoryHighWaterRatio ?? 0.8,
    idleInstanceMs: policy.idleInstanceMs ?? Number.POSITIVE_INFINITY,
    poolSize: policy.poolSize ?? 1,
    maxQueue: policy.maxQueue ?? 64,
    maxQueueWaitMs: policy.maxQueueWaitMs ?? 60_000,
    maxOpenDescriptors: policy.maxOpenDescriptors ?? 256,
    maxHostBytes: policy.maxHostBytes ?? 64 * 1024 * 1024,
    maxIoResources: policy.maxIoResources ?? DEFAULT_MAX_IO_RESOURCES,
    skills: { ...DEFAULT_SKILL_LIMITS, ...definedOnly(policy.skills) },
    stdio: policy.stdio ?? "log",
    isolation: policy.isolation ?? "worker",
  };
  if (resolved.isolation !== "worker" && resolved.isolation !== "in-process") {
    throw new RangeError(
      `[@wasi-mcp/host] policy.isolation must be "worker" or "in-process", not ${JSON.stringify(resolved.isolation)}`,
    );
  }
  for (const key of [
    "deadlineMs",
    "memoryLimitBytes",
    "poolSize",
    "maxQueueWaitMs",
    "maxOpenDescriptors",
    "maxHostBytes",
    "maxIoResources",
  ] as const) {
    if (!(resolved[key] > 0)) throw new RangeError(`[@wasi-mcp/host] policy.${key} must be positive`);
  }
  for (const [key, value] of Object.entries(resolved.outgoingHttp)) {
    if (!(key in OUTGOING_HTTP_DEFAULTS))
      throw new RangeError(`[@wasi-mcp/host] policy.outgoingHttp has no field ${JSON.stringify(key)}`);
    if (!(Number.isSafeInteger(value) && value > 0))
      throw new RangeError(`[@wasi-mcp/host] policy.outgoingHttp.${key} must be a positive integer`);
  }
  for (const [key, value] of Object.entries(resolved.skills)) {
    if (!(Number.isSafeInteger(value) && value > 0))
      throw new RangeError(`[@wasi-mcp/host] policy.skills.${key} must be a positive integer`);
  }
  if (!(resolved.memoryHighWaterRatio > 0 && resolved.memoryHighWaterRatio <= 1))
    throw new RangeError("[@wasi-mcp/host] policy.memoryHighWaterRatio must be a number in (0, 1]");
  if (!(resolved.idleInstanceMs >= 0))
    throw new RangeError("[@wasi-mcp/host] policy.idleInstanceMs must not be negative");
  if (!(resolved.maxQueue >= 0))
    throw new RangeError("[@wasi-mcp/host] policy.maxQueue must not be negative");
  for (const entry of resolved.allowedHosts) parseHostRule(entry);
  for (const grant of resolved.preopens) {
    if (!(grant.maxBytes >= 0))
      throw new RangeError(`[@wasi-mcp/host] preopen ${grant.guestPath}: maxBytes must not be negative`);
    if (!grant.guestPath.startsWith("/")) {
      throw new RangeError(`[@wasi-mcp/host] preopen guest path "${grant.guestPath}" must be absolute`);
    }
  }
  return resolved;
}

/** The fields of `limits` that are set (an explicit `undefined` keeps the default). */
function definedOnly<T extends object>(limits: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(limits ?? {}).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

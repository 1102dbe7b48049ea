import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { LoggingLevel } from "@modelcontextprotocol/sdk/types.js";
import { HostError } from "@wasi-mcp/conversions";
import { type RunningComponent, startComponent } from "../backend/start-component.js";
import {
  type ClientLimits,
  type ClientTransportFactory,
  McpClientBroker,
} from "../guest-runtime/mcp-client-broker.js";
import { type ComponentSource, readComponentSource } from "../loading/component-source.js";
import { compileModuleFiles } from "../loading/module-compiler.js";
import type { RemoteSourceOptions } from "../loading/remote-source.js";
import { SourceIndex } from "../loading/source-index.js";
import { defaultCacheDirectory, transpileCached } from "../loading/transpile-cache.js";
import { type ComponentPolicy, type ResolvedPolicy, resolvePolicy } from "../policy.js";
import { NodeChannel } from "./node-channel.js";
import { nodePlatform } from "./node-platform.js";

/** A log record of a component: `runtime.log` when no client listens, or its captured stdio. */
export interface ComponentLogRecord {
  component: string;
  level: LoggingLevel;
  message: string;
  data: unknown;
}

/** Something that happened to a component's instances. */
export interface ComponentHealthEvent {
  component: string;
  status: "ready" | "restarting" | "start-failed";
  detail: string;
}

/** Options of {@link loadComponent} that belong to the host rather than to one component. */
export interface HostOptions {
  /** Where transpiled components are cached. Default: {@link defaultCacheDirectory}. */
  cacheDirectory?: string;
  /** Receives log records nobody else listens to. Default: one line each on stderr. */
  onLog?: (record: ComponentLogRecord) => void;
  /** Receives health events. Default: restarts and failures on stderr. */
  onHealth?: (event: ComponentHealthEvent) => void;
}

/** Options of one component load. */
export interface LoadOptions {
  /** Name used in logs and errors. Default: the file name without `.wasm`. */
  name?: string;
  /** What the component may do; everything else is denied. */
  policy?: ComponentPolicy;
  /** Refuse the component unless its bytes have this sha256 (hex). Required for URLs by default. */
  sha256?: string;
  /**
   * How a component named by an `http(s)` URL is fetched: by default https only, pinned by
   * `sha256`, within 30 s and 64 MiB.
   */
  remote?: RemoteSourceOptions;
  /**
   * MCP servers the component may reach through `wasi:mcp/client` (world `mcp-proxy`), by the name
   * it passes to `connect`. Anything else is refused as `unauthorized`.
   */
  clients?: Record<string, ClientTransportFactory>;
  /** Bounds on `wasi:mcp/client`: open connections (8), pages per list (100), time per operation (30 s). */
  clientLimits?: ClientLimits;
}

/** Options of {@link loadComponent}. */
export type LoadComponentOptions = HostOptions & LoadOptions;

/** Milliseconds spent in each phase of a load. */
export interface LoadTimings {
  /**
   * Reading (or fetching) the bytes and hashing them — for a file whose hash the cache remembers
   * from an earlier load (same size, times and inode), only a `stat`.
   */
  read: number;
  /** jco transpilation; 0 on a cache hit. */
  transpile: number;
  /** Compiling the core Wasm modules (0 when this process compiled them before). */
  compile: number;
  /**
   * Starting the instances once the modules are compiled: instantiation, the entry point, and what
   * is left of booting their workers (which begins with the load, alongside the phases above).
   */
  start: number;
  /** Everything. */
  total: number;
}

/** A component loaded, instantiated and registered: ready to serve. */
export interface LoadedComponent extends RunningComponent {
  /** The path, URL or `<bytes>` it came from. */
  source: string;
  /** Hex sha256 of its bytes. */
  sha256: string;
  /** The policy it runs under, defaults filled in. */
  policy: ResolvedPolicy;
  /** True when this load found the component already transpiled in the cache. */
  cached: boolean;
  /** Where the load's time went. */
  timings: LoadTimings;
}

/**
 * Loads a wasi:mcp component: reads it (path, URL or bytes; optional sha256 pin), transpiles it with
 * jco into a content-addressed cache (a second load does not transpile again), compiles its core
 * modules with the policy's memory cap, and starts `policy.poolSize` instances in worker threads,
 * each in a deny-by-default WASI sandbox, each having run its `run` export and called `serve`.
 *
 * @throws HostError `COMPONENT_LOAD_FAILED` or `COMPONENT_CONTRACT`, naming the source.
 * @example
 * ```ts
 * const component = await loadComponent("examples/components/hello/dist/hello.wasm", {
 *   policy: { deadlineMs: 5_000 },
 * });
 * const server = createMcpServer(component.backend);
 * ```
 */
export async function loadComponent(
  source: ComponentSource,
  options: LoadComponentOptions = {},
): Promise<LoadedComponent> {
  const started = performance.now();
  const label = source instanceof Uint8Array ? "<bytes>" : String(source);
  // Workers boot (evaluate their imports) on their own threads while this one reads, hashes and
  // compiles; an instance then only has to instantiate.
  let booted: NodeChannel[] = [];
  try {
    const policy = resolvePolicy(options.policy);
    const cacheDirectory = options.cacheDirectory ?? defaultCacheDirectory();
    const codeCache = join(cacheDirectory, "v8-code");
    if (policy.isolation === "worker")
      booted = Array.from({ length: policy.poolSize }, () => new NodeChannel(codeCache));
    const read = await readComponentSource(
      source,
      options.sha256,
      new SourceIndex(cacheDirectory),
      options.remote,
    );
    const name = options.name ?? read.defaultName;
    const readDone = performance.now();
    const transpiled = await transpileCached(read.bytes, cacheDirectory, read.sha256);
    const transpileDone = performance.now();
    for (const channel of booted) channel.prepare(pathToFileURL(transpiled.entry).href, transpiled.imports);
    const modules = await compileModuleFiles(transpiled.directory, policy.memoryLimitBytes);
    const compileDone = performance.now();
    const onLog = options.onLog ?? logToStderr;
    const onHealth = options.onHealth ?? healthToStderr;
    const broker = new McpClientBroker(name, options.clients ?? {}, options.clientLimits);
    const running = await startComponent(
      {
        name,
        entryUrl: pathToFileURL(transpiled.entry).href,
        imports: transpiled.imports,
        modules,
        policy,
        platform: nodePlatform(codeCache),
      },
      {
        backendPolicy: policy,
        fallbackLog: (level, message, data) => onLog({ component: name, level, message, data }),
        health: {
          onRestart: (reason) => onHealth({ component: name, status: "restarting", detail: reason }),
          onStartFailed: (error) =>
            onHealth({ component: name, status: "start-failed", detail: error.message }),
        },
        broker,
        booted: booted.splice(0),
        onClose: () => broker.close(),
      },
    );
    const done = performance.now();
    return {
      ...running,
      source: read.label,
      sha256: read.sha256,
      policy,
      cached: !transpiled.transpiled,
      timings: {
        read: readDone - started,
        transpile: transpiled.transpiled ? transpileDone - readDone : 0,
        compile: compileDone - transpileDone,
        start: done - compileDone,
        total: done - started,
      },
    };
  } catch (error) {
    for (const channel of booted) channel.terminate();
    if (error instanceof HostError && !error.message.startsWith(label)) {
      throw new HostError(error.code, `${label}: ${error.message}`, { cause: error.cause ?? error });
    }
    throw error;
  }
}

function logToStderr(record: ComponentLogRecord): void {
  const data = record.data === undefined ? "" : ` ${JSON.stringify(record.data)}`;
  process.stderr.write(`[${record.component}] ${record.level}: ${record.message}${data}\n`);
}

function healthToStderr(event: ComponentHealthEvent): void {
  process.stderr.write(`[${event.component}] ${event.status}: ${event.detail}\n`);
}

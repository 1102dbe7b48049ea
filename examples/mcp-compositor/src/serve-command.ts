import { watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { serveStdio } from "@wasi-mcp/host";
import {
  createMcpEndpoint,
  type McpBackend,
  type McpEndpoint,
  MemoryTaskStore,
  MIN_REQUEST_STATE_KEY_BYTES,
  printable,
  type TaskOptions,
} from "@wasi-mcp/router";
import { createHttpServer, type MetricsRoute } from "@wasi-mcp/transport-http";
import { WriteQueueOverflowError } from "@wasi-mcp/transport-stdio";
import { createWebSocketServer } from "@wasi-mcp/transport-ws";
import { connectionHelp, describeComponent, revisionsLine } from "./banner.js";
import { type Compositor, startCompositor } from "./compositor.js";
import { type CompositorConfig, configFromFlags, readConfig, type TasksConfig } from "./config.js";
import { type FrontDoor, frontDoor } from "./front-door/front-door.js";
import { endpointLimits, eventStoreLimits, httpLimits, stdioLimits, wsLimits } from "./limits.js";
import { createLogger, type Logger } from "./logger.js";
import { isClusterWorker, reportReady, runPrimary } from "./scale-out/cluster.js";
import { openNodeState, type StateMode } from "./scale-out/node-state.js";
import { checkScaleOut, parseRedisUrl, parseWorkers, workerCount } from "./scale-out/options.js";
import { startTelemetry } from "./telemetry/start-telemetry.js";
import { describeUpstreamHealth, withUpstreamReadiness } from "./upstreams/upstream-readiness.js";

/** Options of the `serve` command (CLI flags; each overrides the configuration file). */
export interface ServeCommandOptions {
  config?: string;
  transport?: string;
  /** Interface to bind (http, ws). */
  host?: string;
  /** Port to listen on (http, ws); 0 picks a free one. */
  port?: string;
  /** Endpoint path (http, ws). Default `/mcp` for http, `/ws` for ws. */
  path?: string;
  watch?: boolean;
  /** `--sha256`: pins of the component URLs, in order. */
  sha256?: string[];
  cacheDir?: string;
  /**
   * `--request-state-key-file`: a file whose bytes (one trailing newline dropped) are the HMAC key
   * sealing MCP 2026-07-28 `requestState`; overrides `$WASI_MCP_REQUEST_STATE_KEY`.
   */
  requestStateKeyFile?: string;
  /** `--workers <n|auto>`: processes serving the port on this machine (http, ws). */
  workers?: string;
  /** `--redis <url>`: state shared with compositors on other machines (http, ws). */
  redis?: string;
}

/** The environment variable holding the `requestState` key (its UTF-8 bytes) when no file is given. */
export const REQUEST_STATE_KEY_ENV = "WASI_MCP_REQUEST_STATE_KEY";

/**
 * The HMAC key sealing the `requestState` of MCP 2026-07-28 `input_required` results (MRTR), from
 * `--request-state-key-file` (its bytes, one trailing newline dropped) or else
 * `$WASI_MCP_REQUEST_STATE_KEY` (its UTF-8 bytes); undefined without either, and the router then
 * uses a random key per process. Compositors behind one load balancer share a key, so that any of
 * them can serve a client's retry. Fails naming the source when the key has fewer than 32 bytes.
 *
 * @example
 * ```ts
 * // openssl rand -hex 32 > state.key
 * const key = await requestStateKey({ requestStateKeyFile: "state.key" }, process.env);
 * ```
 */
export async function requestStateKey(
  options: Pick<ServeCommandOptions, "requestStateKeyFile">,
  env: NodeJS.ProcessEnv,
): Promise<Uint8Array | undefined> {
  let key: Uint8Array;
  let source: string;
  if (options.requestStateKeyFile !== undefined) {
    source = `--request-state-key-file ${options.requestStateKeyFile}`;
    const bytes = await readFile(options.requestStateKeyFile).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`${source}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
    });
    const end =
      bytes.at(-1) === 0x0a ? (bytes.at(-2) === 0x0d ? bytes.length - 2 : bytes.length - 1) : bytes.length;
    key = new Uint8Array(bytes.subarray(0, end));
  } else {
    const value = env[REQUEST_STATE_KEY_ENV];
    if (value === undefined || value === "") return undefined;
    source = `$${REQUEST_STATE_KEY_ENV}`;
    key = new TextEncoder().encode(value);
  }
  if (key.length < MIN_REQUEST_STATE_KEY_BYTES) {
    throw new Error(
      `${source}: the requestState key has ${key.length} byte${key.length === 1 ? "" : "s"}; it needs at least ${MIN_REQUEST_STATE_KEY_BYTES} (e.g. openssl rand -hex 32)`,
    );
  }
  return key;
}

/** Transports this build of the CLI can serve. */
export const TRANSPORTS = ["stdio", "http", "ws"] as const;

/** Default endpoint path per network transport. */
export const DEFAULT_PATHS = { http: "/mcp", ws: "/ws" } as const;

/** Default port of the network transports. */
export const DEFAULT_PORT = 3000;

/**
 * `mcp-compositor serve [components…] [--config file]`: loads the components and serves them as
 * one MCP server — over stdio until the client goes away, over Streamable HTTP or WebSocket until
 * SIGINT/SIGTERM. Everything for humans goes to stderr.
 */
export async function serveCommand(components: string[], options: ServeCommandOptions): Promise<void> {
  const config = await resolveConfig(components, options);
  const stateKey = await requestStateKey(options, process.env);
  const log = createLogger(config.logLevel);
  const workers = workerCount(config.scaleOut.workers);
  if (workers > 1 && !isClusterWorker()) {
    return runPrimary({
      workers,
      redis: config.scaleOut.redis,
      requestStateKey: stateKey,
      eventStore: eventStoreLimits(config.limits),
      log,
    });
  }
  // Before the components load: the engine's meters bind to the provider registered here.
  const telemetry = await startTelemetry(config.telemetry, config.transport.type);
  if (telemetry?.metricsUrl) log.info(`metrics at ${telemetry.metricsUrl}`);
  const started = performance.now();
  const compositor = await startCompositor(config, {
    ...(options.cacheDir ? { cacheDirectory: options.cacheDir } : {}),
    onLoaded: (component, reloaded) =>
      log.info(`${reloaded ? "reloaded " : ""}${describeComponent(component)}`),
    onReloadFailed: (name, error) =>
      log.error(`reload of ${name} failed, the previous version keeps serving: ${error.message}`),
    onHealth: (event) => log.warning(`${event.component}: ${event.status} (${event.detail})`),
    onUpstreamHealth: (event) => {
      const { level, message } = describeUpstreamHealth(event);
      log.at(level, message);
    },
    onClash: (message) => log.error(message),
    onUpstreamStderr: (namespace, line) => log.at("debug", `[${namespace}] ${printable(line, 1000)}`),
    onLog: (record) =>
      log.at(
        record.level,
        `[${record.component}] ${record.message}${record.data === undefined ? "" : ` ${JSON.stringify(record.data)}`}`,
      ),
  });
  const stopWatchingConfig =
    config.watch && config.file ? watchConfig(config.file, compositor, log) : () => {};
  const loadTime = `${(performance.now() - started).toFixed(0)} ms`;
  try {
    if (config.transport.type === "stdio") await serveOverStdio(compositor, config, log, loadTime, stateKey);
    else await serveOverNetwork(compositor, config, log, loadTime, stateKey, telemetry?.metricsRoute);
  } finally {
    stopWatchingConfig();
    await compositor.close();
    await telemetry?.shutdown();
  }
}

async function resolveConfig(components: string[], options: ServeCommandOptions): Promise<CompositorConfig> {
  if (options.config && components.length > 0) {
    throw new Error("give components either as arguments or in --config, not both");
  }
  if (!options.config && components.length === 0) {
    throw new Error("nothing to serve: give component files or --config <file>");
  }
  const port = options.port === undefined ? undefined : parsePort(options.port);
  const flags = {
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(port === undefined ? {} : { port }),
    ...(options.path ? { path: options.path } : {}),
    ...(options.watch ? { watch: true } : {}),
  };
  if (!options.config) {
    const config = configFromFlags(components, {
      ...flags,
      ...(options.sha256 ? { sha256: options.sha256 } : {}),
    });
    return withScaleOut(config, options);
  }
  if (options.sha256)
    throw new Error("--sha256 pins component URLs given as arguments; in --config, give each its sha256");
  const config = await readConfig(options.config);
  const fromFlags = configFromFlags([], flags);
  if (options.transport) config.transport.type = fromFlags.transport.type;
  if (options.host) config.transport.host = fromFlags.transport.host;
  if (port !== undefined) config.transport.port = port;
  if (options.path) config.transport.path = options.path;
  if (options.watch) config.watch = true;
  return withScaleOut(config, options);
}

/** `--workers` and `--redis` over the configuration's `scaleOut`, checked against the transport. */
function withScaleOut(config: CompositorConfig, options: ServeCommandOptions): CompositorConfig {
  if (options.workers !== undefined) config.scaleOut.workers = parseWorkers(options.workers);
  if (options.redis !== undefined) config.scaleOut.redis = parseRedisUrl(options.redis);
  checkScaleOut(config.transport.type, config.scaleOut);
  return config;
}

async function serveOverStdio(
  compositor: Compositor,
  config: CompositorConfig,
  log: Logger,
  loadTime: string,
  stateKey: Uint8Array | undefined,
) {
  // A client that stops reading stdout is cut off (the transport's maxQueuedBytes and
  // maxStalledMs; a WriteQueueStalledError is a WriteQueueOverflowError): say why.
  let cutOff = false;
  // stdio has no credentials: the tool rules see no principal, the invocation log records calls.
  const door = frontDoor(config.frontDoor);
  const endpoint = compositorEndpoint(compositor.backend, config, stateKey, door);
  const running = await serveStdio(compositor, {
    ...stdioLimits(config.limits),
    endpoint,
    onError: (error: Error) => {
      // A report may quote the request (a method name): escaped and bounded, never a forged line.
      if (!(error instanceof WriteQueueOverflowError)) return log.at("debug", printable(error.message, 1000));
      cutOff = true;
      log.error(error.message);
    },
  });
  log.info(revisionsLine("stdio"));
  log.info(
    `ready in ${loadTime}: serving ${summary(compositor)} over stdio (newline-delimited JSON-RPC on stdin/stdout)`,
  );
  const stop = () => void running.close();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await running.closed;
  await door.close();
  await endpoint.close();
  const components = `${config.components.length} component${config.components.length === 1 ? "" : "s"}`;
  log.info(`${cutOff ? "connection closed" : "client disconnected"}; bye (${components} stopped)`);
}

async function serveOverNetwork(
  compositor: Compositor,
  config: CompositorConfig,
  log: Logger,
  loadTime: string,
  stateKey: Uint8Array | undefined,
  metrics: MetricsRoute | undefined,
) {
  const type = config.transport.type as "http" | "ws";
  // Listen for the stop signals before announcing the URL: a signal with no listener yet kills.
  const stopped = new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  // One endpoint for every connection: both revisions, the limits, and one source of 2026
  // subscriptions/listen events (list changes, hot reload included, and resource updates) — with
  // several nodes, every node's: the node state's backend delivers the other nodes' events too, and
  // the shared 2025 session and event stores (docs/adr/0011-scale-out.md).
  const state = await openNodeState(compositor.backend, stateMode(config), {
    requestStateKey: stateKey,
    eventStore: eventStoreLimits(config.limits),
    onError: (error) => log.error(printable(error.message, 1000)),
  });
  const door = frontDoor(config.frontDoor);
  const endpoint = compositorEndpoint(state.backend, config, state.requestStateKey, door);
  const network = {
    endpoint,
    readiness: withUpstreamReadiness(state.readiness, compositor),
    host: config.transport.host,
    port: config.transport.port ?? DEFAULT_PORT,
    ...(metrics ? { metrics } : {}),
  };
  const path = config.transport.path ?? DEFAULT_PATHS[type];
  const server =
    type === "http"
      ? await createHttpServer({
          ...network,
          ...httpLimits(config.limits),
          ...state.shared,
          ...door.transport,
          path,
        })
      : await createWebSocketServer({
          ...network,
          ...wsLimits(config.limits),
          ...door.transport,
          path,
        });
  const wire = type === "http" ? "Streamable HTTP" : "WebSocket (subprotocol mcp)";
  // The help comes first: the "ready … at <url>" line is the last thing a watcher waits for.
  if (type === "http") log.info(connectionHelp(server.url.href, config.file));
  log.info(revisionsLine(type));
  const ready = `ready in ${loadTime}: serving ${summary(compositor)} over ${wire} at ${server.url.href}`;
  if (isClusterWorker()) reportReady(ready);
  else log.info(ready);
  await stopped;
  const drainMs = config.limits.drainMs ?? DEFAULT_DRAIN_MS;
  // Not ready at once, still serving for a moment: a balancer's health check takes the node out
  // of rotation before its listener closes (with shared state only: a lone process just drains).
  const announceMs = state.shared || isClusterWorker() ? Math.min(DRAIN_ANNOUNCE_MS, drainMs) : 0;
  log.info(`shutting down: draining (up to ${announceMs + drainMs} ms)`);
  if (!(await server.drain(drainMs, announceMs))) {
    log.warning(`drain: work still in flight after ${drainMs} ms was cut off`);
  }
  await endpoint.close();
  await state.close();
  await door.close();
}

/** The composition's endpoint: both MCP revisions with the configured limits and `requestState` key. */
function compositorEndpoint(
  backend: McpBackend,
  config: CompositorConfig,
  stateKey: Uint8Array | undefined,
  door: FrontDoor,
): McpEndpoint {
  return createMcpEndpoint(backend, {
    ...endpointLimits(config.limits),
    ...door.endpoint,
    ...(stateKey ? { requestStateKey: stateKey } : {}),
    ...(config.tasks === undefined ? {} : { tasks: taskOptions(config.tasks) }),
  });
}

/** The endpoint's task options of `tasks` in the configuration. */
function taskOptions(tasks: TasksConfig | false): TaskOptions | false {
  if (tasks === false) return false;
  const { maxTasks, maxBytes, ...options } = tasks;
  if (maxTasks === undefined && maxBytes === undefined) return options;
  const bounds = {
    ...(maxTasks === undefined ? {} : { maxTasks }),
    ...(maxBytes === undefined ? {} : { maxBytes }),
  };
  return { ...options, store: new MemoryTaskStore(bounds) };
}

/** How long a SIGTERM waits for requests in flight, by default (`limits.drainMs`). */
export const DEFAULT_DRAIN_MS = 10_000;

/** How long a draining node of several answers unready while still serving, before it stops listening. */
export const DRAIN_ANNOUNCE_MS = 1_000;

function stateMode(config: CompositorConfig): StateMode {
  if (config.scaleOut.redis) return { kind: "redis", url: config.scaleOut.redis };
  return isClusterWorker() ? { kind: "ipc" } : { kind: "local" };
}

function summary(compositor: Compositor): string {
  const names = [
    ...compositor.components.keys(),
    ...Object.entries(compositor.upstreamHealth()).map(
      ([n, health]) => `${n} (upstream, ${health.state === "ready" ? `${health.era} era` : health.state})`,
    ),
  ];
  const tools = compositor.backend.listTools().length;
  return `${names.join(", ")} (${tools} tool${tools === 1 ? "" : "s"})`;
}

function watchConfig(file: string, compositor: Compositor, log: Logger): () => void {
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(file, () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const next = await readConfig(file);
        await compositor.apply(next);
        log.info(`${file}: applied (transport changes need a restart)`);
      } catch (error) {
        log.error(`${(error as Error).message}; keeping the running configuration`);
      }
    }, 250);
  });
  return () => watcher.close();
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`invalid --port "${value}"; expected an integer from 0 to 65535`);
  }
  return port;
}

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, isAbsolute, resolve } from "node:path";
import type { ClientLimits, ComponentPolicy, RemoteSourceOptions } from "@wasi-mcp/host";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import type { FrontDoorConfig } from "./front-door/config.js";
import type { ScaleOutConfig } from "./scale-out/options.js";
import type { SkillsDirectoryConfig } from "./skills-directory.js";
import type { TelemetryConfig } from "./telemetry/telemetry-config.js";
import type { UpstreamConfig } from "./upstreams/upstream-config.js";

/** A server a component may reach through `wasi:mcp/client`. */
export type ServerConfig =
  | { component: string }
  | { command: string; args?: string[]; env?: Record<string, string> }
  | { url: string };

/** One component to serve. */
export interface ComponentConfig {
  /** Absolute path of the `.wasm` file, or an http(s) URL. */
  source: string;
  sha256?: string;
  /** How a URL source is fetched (https, pin, time and size limits). */
  remote?: RemoteSourceOptions;
  /** Bounds on its `wasi:mcp/client` use. */
  clientLimits?: ClientLimits;
  name?: string;
  namespace?: string;
  policy: ComponentPolicy;
  servers: Record<string, ServerConfig>;
}

/** Where to serve. */
export interface TransportConfig {
  type: "stdio" | "http" | "ws";
  host: string;
  port?: number;
  path?: string;
}

/**
 * Bounds on what clients may make the server hold (`limits` in a configuration file). Each applies
 * to the transports its description names; unset ones keep the transport's or router's default.
 * See docs/reliability.md for what happens past each.
 */
export interface CompositorLimits {
  /** Largest incoming message: a stdio line, an HTTP POST body, a WebSocket frame. */
  maxMessageBytes?: number;
  /** HTTP: most live sessions. */
  maxSessions?: number;
  /** HTTP and WebSocket: most open connections. */
  maxConnections?: number;
  /** HTTP: a session idle this long is closed; 0: never. */
  sessionIdleTimeoutMs?: number;
  /** HTTP: time to send a request's headers. */
  headersTimeoutMs?: number;
  /** HTTP: time to send a whole request. */
  requestTimeoutMs?: number;
  /** HTTP and WebSocket: bytes that may wait for a client that does not read. */
  maxBufferedBytes?: number;
  /** HTTP and WebSocket: how long more than `maxBufferedBytes` may stay unread. */
  slowReaderTimeoutMs?: number;
  /** WebSocket: ping interval; 0: off. */
  pingIntervalMs?: number;
  /** stdio: most bytes of answers queued for a client that does not read stdout. */
  maxQueuedBytes?: number;
  /** stdio: longest an answer may wait for the client to read stdout. */
  maxStalledMs?: number;
  /** HTTP and WebSocket: most open 2026 `subscriptions/listen` streams on the endpoint. */
  maxListenStreams?: number;
  /** Every transport: most open 2026 `subscriptions/listen` streams of one client (connection). */
  maxListenStreamsPerClient?: number;
  /** Every transport: most resource subscriptions per session. */
  maxSubscriptionsPerSession?: number;
  /** Every transport: most requests to one client waiting for an answer. */
  maxPendingClientRequests?: number;
  /** Every transport: how long a request to the client may wait. */
  clientRequestTimeoutMs?: number;
  /** HTTP: most events the resumption store keeps, over all sessions. */
  eventStoreMaxEvents?: number;
  /** HTTP: most bytes the resumption store keeps, over all sessions. */
  eventStoreMaxBytes?: number;
  /** HTTP: most events the resumption store keeps for one session. */
  eventStoreMaxEventsPerSession?: number;
  /** HTTP: most bytes the resumption store keeps for one session. */
  eventStoreMaxBytesPerSession?: number;
  /** HTTP: how long the resumption store keeps an event. */
  eventStoreTtlMs?: number;
  drainMs?: number;
}

/** The compositor's whole configuration, from a file or from CLI flags. */
export interface CompositorConfig {
  /** The configuration file, when there is one. */
  file?: string;
  components: ComponentConfig[];
  transport: TransportConfig;
  limits: CompositorLimits;
  separator: string;
  logLevel: string;
  watch: boolean;
  scaleOut: ScaleOutConfig;
  /** `auth`, `invocationLog` and `rateLimits` (ADR 0012); absent: off. */
  frontDoor?: FrontDoorConfig;
  /** Native MCP servers served beside the components, by namespace. */
  upstreams: Record<string, UpstreamConfig>;
  /** A folder of skills (SEP-2640) served beside the components', its path resolved. */
  skills?: SkillsDirectoryConfig;
  /** OpenTelemetry (docs/telemetry.md); absent: off unless `OTEL_*` variables turn it on. */
  telemetry?: TelemetryConfig;
  /** Tool calls as tasks (`tasks` in the file); `false`: off; absent: on with the defaults. */
  tasks?: TasksConfig | false;
}

/** `tasks` of a configuration file: the endpoint's task options and its memory store's bounds. */
export interface TasksConfig {
  ttlMs?: number;
  pollIntervalMs?: number;
  taskAfterMs?: number;
  taskDeadlineMs?: number;
  maxTasks?: number;
  maxBytes?: number;
  maxRunningTasks?: number;
}

/** A configuration that cannot be used; the message names the file and each problem. */
export class ConfigError extends Error {
  constructor(file: string, problems: string[]) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `\n  - ${problems.join("\n  - ")}`}`);
    this.name = "ConfigError";
  }
}

const schema = createRequire(import.meta.url)("../schema/mcp-compositor.schema.json") as object;
let validate: ReturnType<Ajv2020["compile"]> | undefined;

/** The JSON Schema of configuration files (also published as `schema/mcp-compositor.schema.json`). */
export const CONFIG_SCHEMA = schema;

/**
 * Reads and checks a configuration file. Relative paths inside it are relative to the file.
 *
 * @example
 * ```ts
 * const config = await readConfig("mcp-compositor.json");
 * ```
 */
export async function readConfig(file: string): Promise<CompositorConfig> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(file, [error.code === "ENOENT" ? "no such file" : error.message]);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseConfig(json, file);
}

/** Checks a parsed configuration against the schema and resolves its paths against `file`'s folder. */
export function parseConfig(json: unknown, file: string): CompositorConfig {
  validate ??= new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  if (!validate(json)) throw new ConfigError(file, describeErrors(validate.errors ?? []));
  const raw = json as RawConfig;
  const base = dirname(resolve(file));
  const components = raw.components.map((component) => resolveComponent(component, base));
  const config: CompositorConfig = {
    file: resolve(file),
    components,
    transport: { type: raw.transport?.type ?? "stdio", host: raw.transport?.host ?? "127.0.0.1" },
    limits: raw.limits ?? {},
    separator: raw.separator ?? "__",
    logLevel: raw.logLevel ?? "info",
    watch: raw.watch ?? false,
    scaleOut: raw.scaleOut ?? {},
    upstreams: resolveUpstreams(raw.upstreams ?? {}, base),
  };
  if (raw.skills) config.skills = { ...raw.skills, directory: resolve(base, raw.skills.directory) };
  const frontDoor = frontDoorOf(raw, base);
  if (frontDoor) config.frontDoor = frontDoor;
  if (raw.telemetry) config.telemetry = raw.telemetry;
  if (raw.tasks !== undefined) config.tasks = raw.tasks;
  if (raw.transport?.port !== undefined) config.transport.port = raw.transport.port;
  if (raw.transport?.path !== undefined) config.transport.path = raw.transport.path;
  checkReferences(config, file);
  return config;
}

/** Whether a component source is a URL (rather than a file path). */
export const isUrlSource = (source: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(source);

/**
 * The pins of `--sha256`, matched to the sources that are URLs, in order: one per URL, each 64 hex
 * digits; anything else is an error that names the flag.
 */
export function pinsForUrls(sources: string[], pins: readonly string[] = []): Map<string, string> {
  const urls = sources.filter(isUrlSource);
  if (pins.length !== urls.length) {
    throw new Error(
      `${urls.length} component URL${urls.length === 1 ? "" : "s"} but ${pins.length} --sha256: give one --sha256 <hex> per URL, in the order of the URLs`,
    );
  }
  const bad = pins.find((pin) => !/^[0-9a-f]{64}$/i.test(pin));
  if (bad !== undefined) throw new Error(`--sha256 ${bad}: expected 64 hexadecimal digits`);
  return new Map(urls.map((url, i) => [url, (pins[i] as string).toLowerCase()]));
}

/** The configuration the CLI flags describe: components by path, defaults for everything else. */
export function configFromFlags(
  components: string[],
  flags: {
    transport?: string;
    host?: string;
    port?: number;
    path?: string;
    watch?: boolean;
    sha256?: string[];
  },
): CompositorConfig {
  const type = (flags.transport ?? "stdio") as TransportConfig["type"];
  if (!["stdio", "http", "ws"].includes(type)) {
    throw new Error(`unknown transport "${flags.transport}"; expected one of: stdio, http, ws`);
  }
  const transport: TransportConfig = { type, host: flags.host ?? "127.0.0.1" };
  if (flags.port !== undefined) transport.port = flags.port;
  if (flags.path !== undefined) transport.path = flags.path;
  const pins = pinsForUrls(components, flags.sha256);
  return {
    components: components.map((source) => {
      const pin = pins.get(source);
      // Kept as typed, so that messages name the file the way the user wrote it.
      return { source, policy: {}, servers: {}, ...(pin === undefined ? {} : { sha256: pin }) };
    }),
    transport,
    limits: {},
    separator: "__",
    logLevel: "info",
    watch: flags.watch ?? false,
    scaleOut: {},
    upstreams: {},
  };
}

interface RawConfig {
  components: (Omit<ComponentConfig, "source" | "servers" | "policy"> & {
    path?: string;
    url?: string;
    policy?: ComponentPolicy;
    servers?: Record<string, ServerConfig>;
  })[];
  transport?: Partial<TransportConfig>;
  limits?: CompositorLimits;
  separator?: string;
  logLevel?: string;
  watch?: boolean;
  scaleOut?: ScaleOutConfig;
  auth?: FrontDoorConfig["auth"];
  invocationLog?: FrontDoorConfig["invocationLog"];
  rateLimits?: FrontDoorConfig["rateLimits"];
  upstreams?: Record<string, UpstreamConfig>;
  skills?: SkillsDirectoryConfig;
  telemetry?: TelemetryConfig;
  tasks?: TasksConfig | false;
}

/** `auth`, `invocationLog` and `rateLimits`, their files resolved against the configuration's folder. */
function frontDoorOf(raw: RawConfig, base: string): FrontDoorConfig | undefined {
  if (!raw.auth && !raw.invocationLog && !raw.rateLimits) return undefined;
  const auth = raw.auth && {
    ...raw.auth,
    ...(raw.auth.apiKeys?.file ? { apiKeys: { file: absolute(raw.auth.apiKeys.file, base) } } : {}),
  };
  const log = raw.invocationLog && {
    ...raw.invocationLog,
    ...(raw.invocationLog.file ? { file: absolute(raw.invocationLog.file, base) } : {}),
  };
  return {
    ...(auth ? { auth } : {}),
    ...(log ? { invocationLog: log } : {}),
    ...(raw.rateLimits ? { rateLimits: raw.rateLimits } : {}),
  };
}

/** An upstream's `cwd` is relative to the configuration file. */
function resolveUpstreams(raw: Record<string, UpstreamConfig>, base: string): Record<string, UpstreamConfig> {
  return Object.fromEntries(
    Object.entries(raw).map(([namespace, upstream]) => [
      namespace,
      "command" in upstream && upstream.cwd ? { ...upstream, cwd: absolute(upstream.cwd, base) } : upstream,
    ]),
  );
}

function resolveComponent(raw: RawConfig["components"][number], base: string): ComponentConfig {
  const policy: ComponentPolicy = { ...(raw.policy ?? {}) };
  if (policy.preopens) {
    policy.preopens = policy.preopens.map((grant) => ({
      ...grant,
      hostPath: absolute(grant.hostPath, base),
    }));
  }
  const component: ComponentConfig = {
    source: raw.url ?? absolute(raw.path as string, base),
    policy,
    servers: raw.servers ?? {},
  };
  if (raw.sha256 !== undefined) component.sha256 = raw.sha256;
  if (raw.remote !== undefined) component.remote = raw.remote;
  if (raw.clientLimits !== undefined) component.clientLimits = raw.clientLimits;
  if (raw.name !== undefined) component.name = raw.name;
  if (raw.namespace !== undefined) component.namespace = raw.namespace;
  return component;
}

function absolute(path: string, base: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}

/** Sibling references must name a component of this configuration. */
function checkReferences(config: CompositorConfig, file: string): void {
  const names = new Set(config.components.map((c) => c.name ?? stem(c.source)));
  const problems: string[] = [];
  config.components.forEach((component, index) => {
    for (const [alias, server] of Object.entries(component.servers)) {
      if ("component" in server && !names.has(server.component)) {
        problems.push(`/components/${index}/servers/${alias}: no component named "${server.component}"`);
      }
    }
  });
  const auth = config.frontDoor?.auth;
  const page = config.telemetry?.prometheus;
  if (page && page.port !== undefined && page.port === config.transport.port) {
    problems.push(
      "/telemetry/prometheus/port: the metrics listener needs a port of its own (omit it to serve /metrics on the MCP port)",
    );
  }
  if ((auth?.resourceServer || auth?.apiKeys) && config.transport.type === "stdio") {
    problems.push("/auth: credentials are checked on the http and ws transports; stdio has none");
  }
  const namespaces = new Map(
    config.components.map((c) => [c.namespace ?? c.name ?? stem(c.source), c] as const),
  );
  for (const namespace of Object.keys(config.upstreams)) {
    const component = namespaces.get(namespace);
    if (component) {
      problems.push(
        `/upstreams/${namespace}: namespace "${namespace}" is also the component ${component.name ?? stem(component.source)}'s (${component.source})`,
      );
    } else if (namespace.includes(config.separator)) {
      problems.push(
        `/upstreams/${namespace}: a namespace must not contain the separator "${config.separator}"`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
}

/** The default component name: the file name without `.wasm`. */
export function stem(source: string): string {
  const last = source.split(/[\\/]/).pop() ?? source;
  return last.replace(/\.wasm$/, "") || "component";
}

function describeErrors(errors: ErrorObject[]): string[] {
  // oneOf failures repeat the branch errors; keep the informative ones.
  const useful = errors.filter((e) => e.keyword !== "oneOf" || errors.length === 1);
  const lines = useful.map((e) => {
    const where = e.instancePath || "(top level)";
    if (e.keyword === "additionalProperties") {
      return `${where}: unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    }
    if (e.keyword === "required") {
      return `${where}: missing property "${(e.params as { missingProperty: string }).missingProperty}"`;
    }
    return `${where}: ${e.message}`;
  });
  return [...new Set(lines)];
}

// Loads a component in the page: bytes or URL → transpile (jco in the page, cached) → the engine's
// compile with a memory cap and its pool of instances, in Web Workers.
import type { LoggingLevel } from "@modelcontextprotocol/sdk/types.js";
import { HostError } from "@wasi-mcp/conversions";
import { compileModules, type RunningComponent, startComponent } from "@wasi-mcp/host/engine";
import { browserPlatform } from "./browser-platform.js";
import { type BrowserPolicy, resolveBrowserPolicy } from "./policy.js";
import { transpileInPage } from "./transpile.js";

/** Where the instance worker script is, relative to this module; set by each build. */
declare const __WORKER_PATH__: string;

/** Where a component comes from: its bytes, or the URL of a `.wasm`. */
export type BrowserComponentSource = Uint8Array | ArrayBuffer | URL | string;

/** How long each step of a load took, in milliseconds (`performance.now()` in the page). */
export interface BrowserLoadTimings {
  fetch: number;
  transpile: number;
  compile: number;
  /** Starting the worker, instantiating, and the component's `run`. */
  instantiate: number;
  total: number;
}

/** Options of {@link loadBrowserComponent}. */
export interface BrowserLoadOptions {
  /** The component's name in logs and errors. Default: from the URL, else `component`. */
  name?: string;
  /** What the component may do; deny by default. */
  policy?: BrowserPolicy;
  /**
   * URL of the instance worker script. Default: the package's self-contained
   * `dist/browser/instance-worker.js`, found relative to this module.
   */
  workerUrl?: URL | string;
  /** Receives log records and output nobody listens to (default: the page console). */
  onLog?: (level: LoggingLevel, message: string, data: unknown) => void;
  /** Called when an instance died (or was retired at its memory high-water mark) and is replaced. */
  onRestart?: (reason: string) => void;
}

/**
 * A component loaded in the page, ready to serve: its name, its router backend (pass it to
 * `serveInPage` or `createMcpServer`), the life of its instances, and `close()`.
 */
export interface BrowserComponent extends RunningComponent {
  /** How long the load took. */
  timings: BrowserLoadTimings;
  /** Whether jco ran (false when this page had transpiled the same bytes before). */
  transpiled: boolean;
}

/**
 * Loads a `wasi:mcp` component in a browser page: transpiles it with jco in the page (cached by
 * content hash), compiles its core modules once with the policy's memory cap, and starts
 * `policy.poolSize` instances in Web Workers, deny-by-default — the same engine (call machine,
 * pool, deadlines, high-water retirement) as the Node host.
 *
 * @example
 * ```ts
 * const hello = await loadBrowserComponent("/components/hello.wasm", { policy: { deadlineMs: 5_000 } });
 * const port = serveInPage(hello);
 * ```
 */
export async function loadBrowserComponent(
  source: BrowserComponentSource,
  options: BrowserLoadOptions = {},
): Promise<BrowserComponent> {
  const policy = resolveBrowserPolicy(options.policy);
  const name = options.name ?? nameOf(source);
  const t0 = performance.now();
  const bytes = await readSource(source);
  const t1 = performance.now();
  const transpiled = await transpileInPage(bytes);
  const t2 = performance.now();
  const modules = await compileModules(
    transpiled.key,
    async () => transpiled.coreModules,
    policy.memoryLimitBytes,
  );
  const t3 = performance.now();
  const onLog = options.onLog ?? consoleLog(name);
  // The generated glue, imported by every instance's worker (and revoked when the component closes).
  const entryUrl = URL.createObjectURL(new Blob([transpiled.glue], { type: "text/javascript" }));
  const workerUrl = new URL(options.workerUrl ?? new URL(__WORKER_PATH__, import.meta.url), location.href);
  let running: RunningComponent;
  try {
    running = await startComponent(
      { name, entryUrl, imports: transpiled.imports, modules, policy, platform: browserPlatform(workerUrl) },
      {
        // Guest stdout/stderr become MCP log notifications, as the Node host's `stdio: "log"`.
        backendPolicy: {
          deadlineMs: policy.deadlineMs,
          toolDeadlinesMs: policy.toolDeadlinesMs,
          stdio: "log",
        },
        fallbackLog: onLog,
        health: {
          onRestart: (reason) => options.onRestart?.(reason),
          onStartFailed: (error) => onLog("error", `${name}: ${error.message}`, undefined),
        },
        onClose: () => URL.revokeObjectURL(entryUrl),
      },
    );
  } catch (error) {
    URL.revokeObjectURL(entryUrl);
    throw error;
  }
  const t4 = performance.now();
  return {
    ...running,
    transpiled: transpiled.transpiled,
    timings: { fetch: t1 - t0, transpile: t2 - t1, compile: t3 - t2, instantiate: t4 - t3, total: t4 - t0 },
  };
}

async function readSource(source: BrowserComponentSource): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  const url = new URL(source, location.href);
  const response = await fetch(url);
  if (!response.ok)
    throw new HostError("COMPONENT_LOAD_FAILED", `fetching ${url.href} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function nameOf(source: BrowserComponentSource): string {
  if (typeof source !== "string" && !(source instanceof URL)) return "component";
  const file = new URL(source, location.href).pathname.split("/").pop() ?? "";
  return file.replace(/\.wasm$/, "") || "component";
}

function consoleLog(name: string) {
  return (level: LoggingLevel, message: string, data: unknown) => {
    const write = level === "debug" || level === "info" || level === "notice" ? console.info : console.warn;
    write(`[${name}] ${message}`, ...(data === undefined ? [] : [data]));
  };
}

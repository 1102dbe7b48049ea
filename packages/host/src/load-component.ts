import { readFile } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import type { LoggingLevel } from "@modelcontextprotocol/sdk/types.js";
import { HostError } from "@wasi-mcp/conversions";
import type { McpBackend } from "@wasi-mcp/router";
import { ComponentBackend } from "./component-backend.js";
import { ComponentInstance } from "./component-instance.js";
import { defaultCacheDirectory, transpileCached } from "./transpile-cache.js";

/** Options of {@link loadComponent}. */
export interface LoadComponentOptions {
  /** Name used in logs and errors. Default: the file name without `.wasm`. */
  name?: string;
  /** Where transpiled components are cached. Default: {@link defaultCacheDirectory}. */
  cacheDirectory?: string;
  /** Receives the component's `runtime.log` records. Default: one line each on stderr. */
  onLog?: (record: ComponentLogRecord) => void;
}

/** A log record a component wrote through `runtime.log`. */
export interface ComponentLogRecord {
  component: string;
  level: LoggingLevel;
  message: string;
  data: unknown;
}

/** Milliseconds spent in each phase of a load. */
export interface LoadTimings {
  /** Reading the file and hashing it. */
  read: number;
  /** jco transpilation; 0 on a cache hit. */
  transpile: number;
  /** Compiling the core Wasm modules. */
  compile: number;
  /** Instantiating the component. */
  instantiate: number;
  /** Running its entry point (registration). */
  run: number;
  /** Everything. */
  total: number;
}

/** A component loaded, instantiated and registered: ready to serve. */
export interface LoadedComponent {
  /** Its name. */
  name: string;
  /** Absolute path of the `.wasm` file. */
  path: string;
  /** The router backend that serves it. */
  backend: McpBackend;
  /** True when this load found the component already transpiled in the cache. */
  cached: boolean;
  /** Where it was timed. */
  timings: LoadTimings;
}

/**
 * Loads a wasi:mcp component from a file: transpiles it with jco into a content-addressed cache
 * (a second load of the same bytes does not transpile again), instantiates it in a deny-by-default
 * WASI sandbox, runs its `run` export and checks that it called `serve`.
 *
 * @throws HostError `COMPONENT_LOAD_FAILED` or `COMPONENT_CONTRACT`, with a message naming the file.
 * @example
 * ```ts
 * const component = await loadComponent("examples/components/hello/dist/hello.wasm");
 * const server = createMcpServer(component.backend);
 * ```
 */
export async function loadComponent(
  path: string,
  options: LoadComponentOptions = {},
): Promise<LoadedComponent> {
  const started = performance.now();
  const absolute = resolve(path);
  const name = options.name ?? basename(absolute, extname(absolute));
  try {
    const bytes = await readFile(absolute).catch((error: NodeJS.ErrnoException) => {
      throw new HostError("COMPONENT_LOAD_FAILED", error.code === "ENOENT" ? "no such file" : error.message);
    });
    const readDone = performance.now();
    const transpiled = await transpileCached(bytes, options.cacheDirectory ?? defaultCacheDirectory());
    const transpileDone = performance.now();
    const onLog = options.onLog ?? logToStderr;
    const instance = new ComponentInstance(name, transpiled, {
      log: (level, message, data) => onLog({ component: name, level, message, data }),
    });
    await instance.start();
    const { compile, instantiate, run } = instance.timings;
    return {
      name,
      path: absolute,
      backend: new ComponentBackend(name, instance),
      cached: !transpiled.transpiled,
      timings: {
        read: readDone - started,
        transpile: transpiled.transpiled ? transpileDone - readDone : 0,
        compile,
        instantiate,
        run,
        total: performance.now() - started,
      },
    };
  } catch (error) {
    if (error instanceof HostError) {
      throw new HostError(error.code, `${path}: ${error.message}`, { cause: error.cause ?? error });
    }
    throw error;
  }
}

function logToStderr(record: ComponentLogRecord): void {
  const data = record.data === undefined ? "" : ` ${JSON.stringify(record.data)}`;
  process.stderr.write(`[${record.component}] ${record.level}: ${record.message}${data}\n`);
}

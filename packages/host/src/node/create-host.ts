import { EventEmitter } from "node:events";
import type { ComponentSource } from "../loading/component-source.js";
import {
  type ComponentHealthEvent,
  type ComponentLogRecord,
  type LoadedComponent,
  type LoadOptions,
  loadComponent,
} from "./load-component.js";

/** Options of {@link createHost}. */
export interface CreateHostOptions {
  /** Where transpiled components are cached. Default: `defaultCacheDirectory()`. */
  cacheDirectory?: string;
}

/** Events of a {@link Host}. */
export interface HostEvents {
  /** A component log record nobody else listened to (no client connected), or captured guest stdio. */
  log: [ComponentLogRecord];
  /** An instance restarted or failed to start. */
  health: [ComponentHealthEvent];
}

/** Runs components; one per process is the usual shape. */
export interface Host {
  /** Loads a component under a policy; its name must be unique in this host. */
  load(source: ComponentSource, options?: LoadOptions): Promise<LoadedComponent>;
  /** The components loaded and not closed, by name. */
  readonly components: ReadonlyMap<string, LoadedComponent>;
  /** Listens to host events. With no `log` listener, records go to stderr. */
  on<E extends keyof HostEvents>(event: E, listener: (...args: HostEvents[E]) => void): this;
  /** Stops one component's instances. */
  unload(name: string): Promise<void>;
  /** Stops every component. */
  close(): Promise<void>;
}

/**
 * Creates a host: the place that loads components, keeps them by name, and reports their logs and
 * health as events.
 *
 * @example
 * ```ts
 * const host = createHost();
 * host.on("health", (event) => console.error(event.component, event.status, event.detail));
 * const hello = await host.load("examples/components/hello/dist/hello.wasm", { policy: { deadlineMs: 5_000 } });
 * const server = createMcpServer(hello.backend);
 * ```
 */
export function createHost(options: CreateHostOptions = {}): Host {
  const emitter = new EventEmitter<HostEvents>();
  const components = new Map<string, LoadedComponent>();
  const host: Host = {
    components,
    async load(source, loadOptions = {}) {
      const component = await loadComponent(source, {
        ...loadOptions,
        ...(options.cacheDirectory ? { cacheDirectory: options.cacheDirectory } : {}),
        onLog: (record) => {
          if (emitter.listenerCount("log") > 0) emitter.emit("log", record);
          else process.stderr.write(`[${record.component}] ${record.level}: ${record.message}\n`);
        },
        onHealth: (event) => {
          if (emitter.listenerCount("health") > 0) emitter.emit("health", event);
          else process.stderr.write(`[${event.component}] ${event.status}: ${event.detail}\n`);
        },
      });
      if (components.has(component.name)) {
        await component.close();
        throw new Error(`[@wasi-mcp/host] a component named "${component.name}" is already loaded`);
      }
      components.set(component.name, component);
      return component;
    },
    on(event, listener) {
      emitter.on(event, listener as never);
      return host;
    },
    async unload(name) {
      const component = components.get(name);
      components.delete(name);
      await component?.close();
    },
    async close() {
      const all = [...components.values()];
      components.clear();
      await Promise.all(all.map((component) => component.close()));
    },
  };
  return host;
}

import { type FSWatcher, watch } from "node:fs";
import {
  type ComponentHealthEvent,
  type ComponentLogRecord,
  type LoadedComponent,
  loadComponent,
} from "@wasi-mcp/host";
import { clientTransports } from "./client-transports.js";
import { type CompositeBackend, createCompositeBackend } from "./composite-backend.js";
import { type ComponentConfig, type CompositorConfig, stem } from "./config.js";

/** Where the compositor reports what happens to its components. */
export interface CompositorEvents {
  /** A component finished loading (first time or reload). */
  onLoaded?(component: LoadedComponent, reloaded: boolean): void;
  /** A reload failed; the previous version keeps serving. */
  onReloadFailed?(name: string, error: Error): void;
  onLog?(record: ComponentLogRecord): void;
  onHealth?(event: ComponentHealthEvent): void;
}

/** Options of {@link startCompositor}. */
export interface CompositorOptions extends CompositorEvents {
  cacheDirectory?: string;
  /** Server version announced to clients. */
  version?: string;
}

/** Running components behind one backend. */
export interface Compositor {
  /** The backend to serve: one component as itself, several namespaced. */
  backend: CompositeBackend;
  /** The loaded components, by name. */
  components: ReadonlyMap<string, LoadedComponent>;
  /** Reloads one component from its source (what the file watcher does). */
  reload(name: string): Promise<void>;
  /** Stops watching and every component. */
  close(): Promise<void>;
}

interface Entry {
  config: ComponentConfig;
  name: string;
  namespace: string;
  loaded: LoadedComponent;
}

/**
 * Loads every component of a configuration and serves them as one backend. With one component and
 * no explicit namespace its tools keep their own names; with several, tools and prompts are
 * `<namespace><separator><name>`. With `watch`, a changed component file is reloaded in place:
 * sessions stay open and get `list_changed`; a reload that fails leaves the old version serving.
 */
export async function startCompositor(
  config: CompositorConfig,
  options: CompositorOptions = {},
): Promise<Compositor> {
  const entries = new Map<string, Entry>();
  const components = new Map<string, LoadedComponent>();
  const single = config.components.length === 1 && config.components[0]?.namespace === undefined;
  const sibling = (name: string) => entries.get(name)?.loaded.backend;

  const load = (component: ComponentConfig, name: string) =>
    loadComponent(component.source, {
      name,
      policy: component.policy,
      ...(component.sha256 ? { sha256: component.sha256 } : {}),
      ...(options.cacheDirectory ? { cacheDirectory: options.cacheDirectory } : {}),
      ...(options.onLog ? { onLog: options.onLog } : {}),
      ...(options.onHealth ? { onHealth: options.onHealth } : {}),
      clients: clientTransports(component.servers, sibling),
    });

  try {
    for (const component of config.components) {
      const name = component.name ?? stem(component.source);
      if (entries.has(name)) throw new Error(`two components are named "${name}"; give one a "name"`);
      const loaded = await load(component, name);
      entries.set(name, { config: component, name, namespace: component.namespace ?? name, loaded });
      components.set(name, loaded);
      options.onLoaded?.(loaded, false);
    }
  } catch (error) {
    await Promise.all([...entries.values()].map((entry) => entry.loaded.close()));
    throw error;
  }

  const members = () =>
    [...entries.values()].map((entry) => ({ namespace: entry.namespace, backend: entry.loaded.backend }));
  const backend = createCompositeBackend(members(), {
    name: single ? (entries.values().next().value?.name ?? "mcp-compositor") : "mcp-compositor",
    version: options.version ?? "0.1.0",
    separator: config.separator,
    ...(single ? { passThrough: true } : {}),
  });

  const reload = async (name: string) => {
    const entry = entries.get(name);
    if (!entry) throw new Error(`no component named "${name}"`);
    let next: LoadedComponent;
    try {
      next = await load(entry.config, name);
    } catch (error) {
      options.onReloadFailed?.(name, error as Error);
      return;
    }
    const previous = entry.loaded;
    entry.loaded = next;
    components.set(name, next);
    try {
      backend.replace({ namespace: entry.namespace, backend: next.backend });
    } catch (error) {
      entry.loaded = previous;
      components.set(name, previous);
      await next.close();
      options.onReloadFailed?.(name, error as Error);
      return;
    }
    options.onLoaded?.(next, true);
    await previous.close();
  };

  const watchers: FSWatcher[] = config.watch ? watchFiles(entries, reload) : [];
  return {
    backend,
    components,
    reload,
    async close() {
      for (const watcher of watchers) watcher.close();
      await Promise.all([...entries.values()].map((entry) => entry.loaded.close()));
    },
  };
}

/** Watches each local component file; bursts of change events become one reload. */
function watchFiles(entries: Map<string, Entry>, reload: (name: string) => Promise<void>): FSWatcher[] {
  const watchers: FSWatcher[] = [];
  for (const entry of entries.values()) {
    if (/^https?:\/\//.test(entry.config.source)) continue;
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(entry.config.source, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void reload(entry.name), 250);
    });
    watchers.push(watcher);
  }
  return watchers;
}

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
import { SkillsDirectory } from "./skills-directory.js";
import type { UpstreamBackend } from "./upstreams/upstream-backend.js";
import type { UpstreamHealthEvent } from "./upstreams/upstream-connection.js";
import { UpstreamSet } from "./upstreams/upstream-set.js";

/** Where the compositor reports what happens to its components. */
export interface CompositorEvents {
  /** A component finished loading (first time or reload). */
  onLoaded?(component: LoadedComponent, reloaded: boolean): void;
  /** A reload failed; the previous version keeps serving. */
  onReloadFailed?(name: string, error: Error): void;
  onLog?(record: ComponentLogRecord): void;
  onHealth?(event: ComponentHealthEvent): void;
  /** An upstream connected, went down (and when it is retried) or was closed. */
  onUpstreamHealth?(event: UpstreamHealthEvent): void;
  /** A line an upstream's child process wrote to stderr. */
  onUpstreamStderr?(namespace: string, line: string): void;
  /** A resource clash that a member's list change brought at run time; the newcomer's is refused. */
  onClash?(message: string): void;
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
  /** The upstream MCP servers, by namespace. */
  upstreams: ReadonlyMap<string, UpstreamBackend>;
  /** Each upstream's connection state (what `/readyz` reports). */
  upstreamHealth(): Record<string, ReturnType<UpstreamBackend["health"]>>;
  /** Reloads one component from its source (what the file watcher does). */
  reload(name: string): Promise<void>;
  /**
   * Applies a new configuration's components: changed ones are reloaded, new ones loaded, missing
   * ones stopped — sessions stay open. Transport and separator changes need a restart.
   */
  apply(config: CompositorConfig): Promise<void>;
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
  const single =
    config.components.length === 1 &&
    config.components[0]?.namespace === undefined &&
    Object.keys(config.upstreams).length === 0;
  const upstreams = new UpstreamSet({
    ...(options.onUpstreamHealth ? { onHealth: options.onUpstreamHealth } : {}),
    ...(options.onUpstreamStderr ? { onStderr: options.onUpstreamStderr } : {}),
  });
  const sibling = (name: string) => entries.get(name)?.loaded.backend;

  const load = (component: ComponentConfig, name: string) =>
    loadComponent(component.source, {
      name,
      policy: component.policy,
      ...(component.sha256 ? { sha256: component.sha256 } : {}),
      ...(component.remote ? { remote: component.remote } : {}),
      ...(component.clientLimits ? { clientLimits: component.clientLimits } : {}),
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
    await upstreams.start(config.upstreams);
  } catch (error) {
    await Promise.all([...entries.values()].map((entry) => entry.loaded.close()));
    await upstreams.close();
    throw error;
  }

  const members = () => [
    ...[...entries.values()].map((entry) => ({ namespace: entry.namespace, backend: entry.loaded.backend })),
    ...upstreams.members(),
  ];
  let backend: CompositeBackend;
  let skills: SkillsDirectory | undefined;
  try {
    // The skills folder of the configuration (SEP-2640), served beside the members' skills.
    skills =
      config.skills &&
      (await SkillsDirectory.open(config.skills, {
        watch: config.watch,
        onChange: () => backend.skillsChanged(),
        ...(options.onReloadFailed ? { onError: (error) => options.onReloadFailed?.("skills", error) } : {}),
      }));
    const directory = skills;
    backend = createCompositeBackend(members(), {
      name: single ? (entries.values().next().value?.name ?? "mcp-compositor") : "mcp-compositor",
      version: options.version ?? "0.1.0",
      separator: config.separator,
      ...(single ? { passThrough: true } : {}),
      ...(options.onClash ? { onClash: options.onClash } : {}),
      ...(directory ? { skills: () => directory.bundles } : {}),
    });
  } catch (error) {
    skills?.close();
    await Promise.all([...entries.values()].map((entry) => entry.loaded.close()));
    await upstreams.close();
    throw error;
  }

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

  const add = async (component: ComponentConfig, name: string) => {
    const loaded = await load(component, name);
    const entry: Entry = { config: component, name, namespace: component.namespace ?? name, loaded };
    try {
      backend.replace({ namespace: entry.namespace, backend: loaded.backend });
    } catch (error) {
      await loaded.close();
      throw error;
    }
    entries.set(name, entry);
    components.set(name, loaded);
    if (config.watch) watchEntry(entry);
    options.onLoaded?.(loaded, false);
  };

  const apply = async (next: CompositorConfig) => {
    const wanted = new Map(next.components.map((c) => [c.name ?? stem(c.source), c] as const));
    for (const [name, entry] of [...entries]) {
      if (wanted.has(name)) continue;
      backend.remove(entry.namespace);
      entries.delete(name);
      components.delete(name);
      unwatch(name);
      await entry.loaded.close();
    }
    for (const [name, component] of wanted) {
      const entry = entries.get(name);
      if (!entry) {
        await add(component, name).catch((error: Error) => options.onReloadFailed?.(name, error));
      } else if ((component.namespace ?? name) !== entry.namespace) {
        backend.remove(entry.namespace);
        entries.delete(name);
        components.delete(name);
        unwatch(name);
        await entry.loaded.close();
        await add(component, name).catch((error: Error) => options.onReloadFailed?.(name, error));
      } else if (JSON.stringify(entry.config) !== JSON.stringify(component)) {
        entry.config = component;
        await reload(name);
      }
    }
    await upstreams
      .apply(next.upstreams, backend)
      .catch((error: Error) => options.onReloadFailed?.("upstreams", error));
  };

  const watchers = new Map<string, FSWatcher>();
  const unwatch = (name: string) => {
    watchers.get(name)?.close();
    watchers.delete(name);
  };
  /** Watches a local component file; a burst of change events becomes one reload. */
  const watchEntry = (entry: Entry) => {
    if (/^https?:\/\//.test(entry.config.source)) return;
    let timer: NodeJS.Timeout | undefined;
    watchers.set(
      entry.name,
      watch(entry.config.source, () => {
        clearTimeout(timer);
        timer = setTimeout(() => void reload(entry.name), 250);
      }),
    );
  };
  if (config.watch) for (const entry of entries.values()) watchEntry(entry);
  return {
    backend,
    components,
    get upstreams() {
      return upstreams.backends;
    },
    upstreamHealth: () => upstreams.health(),
    reload,
    apply,
    async close() {
      for (const watcher of watchers.values()) watcher.close();
      skills?.close();
      await Promise.all([...entries.values()].map((entry) => entry.loaded.close()));
      await upstreams.close();
    },
  };
}

import type { CompositeBackend, CompositeMember } from "../composite-backend.js";
import { startUpstream, type UpstreamBackend, type UpstreamOptions } from "./upstream-backend.js";
import type { UpstreamConfig } from "./upstream-config.js";

/**
 * The upstreams of one compositor, by namespace: started together, changed one by one when a
 * configuration is applied (a changed upstream is started anew, then swapped in), closed together.
 */
export class UpstreamSet {
  readonly #running = new Map<string, { config: UpstreamConfig; backend: UpstreamBackend }>();

  constructor(private readonly options: UpstreamOptions) {}

  /** Starts every upstream; one that cannot connect yet is retried in the background. */
  async start(configs: Record<string, UpstreamConfig>): Promise<void> {
    await Promise.all(
      Object.entries(configs).map(async ([namespace, config]) => {
        this.#running.set(namespace, {
          config,
          backend: await startUpstream(namespace, config, this.options),
        });
      }),
    );
  }

  /** The composition's members, in configuration order. */
  members(): CompositeMember[] {
    return [...this.#running].map(([namespace, { backend }]) => ({ namespace, backend }));
  }

  /** The running upstreams, by namespace. */
  get backends(): ReadonlyMap<string, UpstreamBackend> {
    return new Map([...this.#running].map(([namespace, { backend }]) => [namespace, backend]));
  }

  /** Brings the composition's upstreams in line with `next`. */
  async apply(next: Record<string, UpstreamConfig>, composite: CompositeBackend): Promise<void> {
    for (const [namespace, { backend }] of [...this.#running]) {
      if (namespace in next) continue;
      composite.remove(namespace);
      this.#running.delete(namespace);
      await backend.close();
    }
    for (const [namespace, config] of Object.entries(next)) {
      const running = this.#running.get(namespace);
      if (running && JSON.stringify(running.config) === JSON.stringify(config)) continue;
      const backend = await startUpstream(namespace, config, this.options);
      try {
        composite.replace({ namespace, backend });
      } catch (error) {
        await backend.close();
        throw error;
      }
      this.#running.set(namespace, { config, backend });
      await running?.backend.close();
    }
  }

  /** Each upstream's state, for `/readyz` and logs. */
  health(): Record<string, ReturnType<UpstreamBackend["health"]>> {
    return Object.fromEntries(
      [...this.#running].map(([namespace, { backend }]) => [namespace, backend.health()]),
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.#running.values()].map(({ backend }) => backend.close()));
    this.#running.clear();
  }
}

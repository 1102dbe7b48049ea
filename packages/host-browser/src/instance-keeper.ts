// Keeps one live instance of a component in the page: calls one at a time, a dead one replaced.
import type { HandlerName, RegistrySnapshot } from "@wasi-mcp/host/portable";
import type { BackendRequest } from "@wasi-mcp/router";
import { type InstanceHooks, type InstanceSpec, WorkerInstance } from "./worker-instance.js";

/** How the keeper reports the life of its instances. */
export interface KeeperHealth {
  /** An instance died (deadline, cancellation, trap); a fresh one is being started. */
  onRestart(reason: string): void;
}

/**
 * One instance of one component, serving calls one at a time in arrival order (components keep
 * state, so one instance is the default, as in the Node host). When a call kills the instance, a
 * replacement is started from the already compiled modules at once, and the next call waits for it.
 */
export class InstanceKeeper {
  readonly #spec: InstanceSpec;
  readonly #hooks: InstanceHooks;
  readonly #health: KeeperHealth;
  #instance: Promise<WorkerInstance> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** How many instances were replaced since the keeper started. */
  restarts = 0;

  constructor(spec: InstanceSpec, hooks: InstanceHooks, health: KeeperHealth) {
    this.#spec = spec;
    this.#hooks = hooks;
    this.#health = health;
  }

  /** Starts the first instance; resolves with what the component registered. */
  async start(): Promise<RegistrySnapshot> {
    const started = WorkerInstance.start(this.#spec, this.#hooks);
    this.#instance = started.then(({ instance }) => this.#watch(instance));
    return (await started).registry;
  }

  /** Runs a handler call after the calls before it. */
  run(handler: HandlerName, args: unknown[], request: BackendRequest, deadlineMs: number): Promise<unknown> {
    const result = this.#queue.then(async () => {
      if (this.#closed) throw new Error(`[@wasi-mcp/host-browser] ${this.#spec.name} is closed`);
      const instance = await this.#live();
      return instance.call(handler, args, request, deadlineMs);
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Stops the instance; later calls fail. */
  async close(): Promise<void> {
    this.#closed = true;
    const instance = await this.#instance?.catch(() => undefined);
    instance?.terminate();
  }

  async #live(): Promise<WorkerInstance> {
    const instance = await (this.#instance as Promise<WorkerInstance>).catch(() => undefined);
    if (instance && !instance.dead) return instance;
    this.#replace();
    return this.#instance as Promise<WorkerInstance>;
  }

  #watch(instance: WorkerInstance): WorkerInstance {
    instance.onExit = () => {
      if (this.#closed) return;
      this.restarts++;
      this.#health.onRestart(`${this.#spec.name}'s instance stopped; starting a fresh one`);
      this.#replace();
    };
    return instance;
  }

  #replace(): void {
    this.#instance = WorkerInstance.start(this.#spec, this.#hooks).then(({ instance }) =>
      this.#watch(instance),
    );
    this.#instance.catch(() => undefined);
  }
}

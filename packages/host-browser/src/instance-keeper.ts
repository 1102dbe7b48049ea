// Keeps one live instance of a component in the page: calls one at a time, a dead one replaced.
import { type HandlerName, OwnedRegistrations, type RegistrySnapshot } from "@wasi-mcp/host/portable";
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
 * replacement is started from the already compiled modules at once, and the next call waits for it;
 * what the dead instance registered after `serve` is withdrawn with a list change (ADR 0009, the
 * same {@link OwnedRegistrations} as the Node pool).
 */
export class InstanceKeeper {
  readonly #spec: InstanceSpec;
  readonly #hooks: InstanceHooks;
  readonly #health: KeeperHealth;
  #instance: Promise<WorkerInstance> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  readonly #registrations: OwnedRegistrations<WorkerInstance>;
  /** How many instances were replaced since the keeper started. */
  restarts = 0;

  constructor(spec: InstanceSpec, hooks: InstanceHooks, health: KeeperHealth) {
    this.#spec = spec;
    this.#hooks = hooks;
    this.#health = health;
    this.#registrations = new OwnedRegistrations((event) => hooks.onEvent(event, undefined));
  }

  /** Starts the first instance; resolves with what the component registered. */
  async start(): Promise<RegistrySnapshot> {
    this.#replace();
    await this.#instance;
    return this.#registrations.current;
  }

  /** Runs a handler call after the calls before it. */
  run(handler: HandlerName, args: unknown[], request: BackendRequest, deadlineMs: number): Promise<unknown> {
    let unwinding: Promise<void> | undefined;
    const result = this.#queue.then(async () => {
      if (this.#closed) throw new Error(`[@wasi-mcp/host-browser] ${this.#spec.name} is closed`);
      const instance = await this.#live();
      try {
        return await instance.call(handler, args, request, deadlineMs);
      } finally {
        unwinding = instance.whenFree();
      }
    });
    // A call answered for MRTR may still unwind in its guest: the next call waits behind it.
    this.#queue = result.catch(() => undefined).then(() => unwinding);
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

  #watch(instance: WorkerInstance, registry: RegistrySnapshot): WorkerInstance {
    this.#registrations.adopt(instance, registry);
    instance.onExit = () => {
      this.#registrations.withdraw(instance);
      if (this.#closed) return;
      this.restarts++;
      this.#health.onRestart(`${this.#spec.name}'s instance stopped; starting a fresh one`);
      this.#replace();
    };
    return instance;
  }

  /** Starts an instance whose registry events go to {@link OwnedRegistrations} under its name. */
  #replace(): void {
    let self: WorkerInstance | undefined;
    const hooks = this.#registrations.hooksFor(this.#hooks, () => self);
    this.#instance = WorkerInstance.start(this.#spec, hooks).then(({ instance, registry }) => {
      self = instance;
      return this.#watch(instance, registry);
    });
    this.#instance.catch(() => undefined);
  }
}

// Stopping instances nobody calls (`policy.idleInstanceMs`, docs/adr/0014-lazy-instances.md): a
// timer per idle instance, started when it becomes free and cleared when a call takes it. Kept
// apart from the pool's queue so that the pool only says "free", "taken" and "gone".

/** The longest delay a timer takes (past it, Node fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** One timer per idle instance; `onIdle` runs for an instance left idle for `ms`. */
export class IdleInstances<Instance> {
  readonly #ms: number;
  readonly #onIdle: (instance: Instance) => void;
  readonly #timers = new Map<Instance, ReturnType<typeof setTimeout>>();

  /** `ms` not finite (the default, `Infinity`): instances are never stopped for being idle. */
  constructor(ms: number | undefined, onIdle: (instance: Instance) => void) {
    this.#ms = ms ?? Number.POSITIVE_INFINITY;
    this.#onIdle = onIdle;
  }

  /** `instance` became free: stop it after the idle time unless a call takes it first. */
  free(instance: Instance): void {
    if (!Number.isFinite(this.#ms)) return;
    this.taken(instance);
    const timer = setTimeout(
      () => {
        this.#timers.delete(instance);
        this.#onIdle(instance);
      },
      Math.min(this.#ms, MAX_TIMER_MS),
    );
    // In Node, an idle instance's timer must not keep the process alive.
    (timer as { unref?: () => void }).unref?.();
    this.#timers.set(instance, timer);
  }

  /** `instance` was taken by a call, or is gone. */
  taken(instance: Instance): void {
    clearTimeout(this.#timers.get(instance));
    this.#timers.delete(instance);
  }

  /** Clears every timer (the pool is closing). */
  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}

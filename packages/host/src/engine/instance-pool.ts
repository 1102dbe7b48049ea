import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { ObservableResult } from "@opentelemetry/api";
import type { BackendRequest } from "@wasi-mcp/router";
import type { HandlerName, RegistrySnapshot } from "../guest-runtime/guest-events.js";
import { engineInstruments, inSpan } from "./engine-telemetry.js";
import { IdleInstances } from "./idle-instances.js";
import { InProcessInstance } from "./in-process-instance.js";
import { OwnedRegistrations, type RegisteredTarget } from "./owned-registrations.js";
import type { EnginePolicy, InstanceChannel, InstanceSpec } from "./platform.js";
import { type InstanceHooks, WorkerInstance } from "./worker-instance.js";

/** An instance of the pool: in a worker, or in the host's thread (`isolation: "in-process"`). */
type PoolInstance = WorkerInstance | InProcessInstance;

/** An instance that started, and what its `run` registered. */
interface Started {
  instance: PoolInstance;
  registry: RegistrySnapshot;
}

/** Starts an instance where the policy says (on `booted`, a channel from the platform's `spawn`, if any). */
function startInstance<P extends EnginePolicy>(
  spec: InstanceSpec<P>,
  hooks: InstanceHooks,
  booted?: InstanceChannel,
): Promise<Started> {
  return spec.policy.isolation === "in-process"
    ? InProcessInstance.start(spec, hooks)
    : WorkerInstance.start(spec, hooks, booted);
}

/** How a pool reports the life of its instances. */
export interface PoolHealth {
  /** An instance died (deadline, cancellation, trap) and a fresh one is being started. */
  onRestart(reason: string): void;
  /** A replacement instance could not start. */
  onStartFailed(error: Error): void;
}

/** How long a pool keeps a standby instance nobody took (it costs an instance's memory meanwhile). */
const STANDBY_IDLE_MS = 60_000;

interface Waiter {
  /** Whether this call may run on `instance` (it registered what the call is for). */
  fits(instance: PoolInstance): boolean;
  resolve(instance: PoolInstance): void;
  reject(error: unknown): void;
}

/**
 * `size` instances of one component, each on its own instance side (a worker thread, a Web Worker;
 * see {@link EnginePlatform}), with a bounded queue of calls waiting
 * for a free one. A dead instance is replaced at once, so the next call finds a warm one. Once an
 * instance has died, the pool keeps a standby instance — started, its `run` done — for the next
 * replacement, until it has gone unused for {@link STANDBY_IDLE_MS}: a component that hits its
 * deadline once is likely to again, and a replacement from a standby serves the next call at once
 * (≈ 300 ms sooner than starting a worker, ≈ 60 ms sooner than a booted spare worker; measured).
 * An MRTR stop (a 2026-07-28 question answered `input_required`) kills nothing: the instance
 * returns to the pool once its guest has unwound ({@link WorkerInstance.whenFree}).
 *
 * What an instance registers after `serve` is its own ({@link OwnedRegistrations}, ADR 0009): a
 * call for it runs on that instance, and it is withdrawn, with a list change, when the instance
 * dies; the backend receives the merged lists as list-change events.
 *
 * With `policy.idleInstanceMs`, an instance no call took for that long is stopped, not replaced;
 * the next call starts one (ADR 0014). While none lives the lists are the start-up registrations
 * ({@link OwnedRegistrations}), so listing needs no instance.
 */
export class InstancePool<P extends EnginePolicy = EnginePolicy> {
  readonly #spec: InstanceSpec<P>;
  readonly #hooks: InstanceHooks;
  readonly #health: PoolHealth;
  readonly #idle: PoolInstance[] = [];
  readonly #live = new Set<PoolInstance>();
  readonly #waiting: Waiter[] = [];
  #starting = 0;
  #closed = false;
  #standby: { started: Promise<Started>; expiry: ReturnType<typeof setTimeout> } | undefined;
  readonly #registrations: OwnedRegistrations<PoolInstance>;
  readonly #idleTimers: IdleInstances<PoolInstance>;
  /** Instances stopped for being idle and not started again yet (at most `poolSize`). */
  #stoppedIdle = 0;
  /** The queue-depth gauge this pool reports to while it lives. */
  readonly #queueGauge = engineInstruments().queueDepth;
  readonly #observeQueue = (result: ObservableResult) =>
    result.observe(this.#waiting.length, { "wasi_mcp.component": this.#spec.name });
  /** How many instances were replaced since the pool started (deaths: deadlines, traps, cancels). */
  restarts = 0;
  /** How many instances were retired at the memory high-water mark (`policy.memoryHighWaterRatio`). */
  retirements = 0;
  /** How many instances were stopped after `policy.idleInstanceMs` without a call. */
  idleStops = 0;
  /** How many instances a call started because idle ones had been stopped. */
  onDemandStarts = 0;

  constructor(spec: InstanceSpec<P>, hooks: InstanceHooks, health: PoolHealth) {
    this.#spec = spec;
    this.#hooks = hooks;
    this.#health = health;
    this.#registrations = new OwnedRegistrations((event) => hooks.onEvent(event, undefined));
    this.#idleTimers = new IdleInstances(spec.policy.idleInstanceMs, (instance) => this.#stopIdle(instance));
    this.#queueGauge.addCallback(this.#observeQueue);
  }

  /**
   * Starts every instance, on the `booted` channels first (from the platform's `spawn`, made while
   * the component loaded); resolves with the first one's registrations.
   */
  async start(booted: InstanceChannel[] = []): Promise<RegistrySnapshot> {
    const started = await Promise.all(
      Array.from({ length: this.#spec.policy.poolSize }, (_, i) => this.#startOne(booted[i])),
    );
    for (const { instance } of started) this.#release(instance);
    return this.#registrations.current;
  }

  /** Runs a handler call on a free instance, waiting in the bounded queue if needed. */
  async run(
    handler: HandlerName,
    args: unknown[],
    request: BackendRequest,
    deadlineMs: number,
    target?: RegisteredTarget,
  ): Promise<unknown> {
    const component = { "wasi_mcp.component": this.#spec.name };
    const instance = await inSpan("queue wait", component, () => this.#acquire(request.signal, target));
    try {
      const attributes = { ...component, "wasi_mcp.handler": handler };
      return await inSpan(`call ${handler}`, attributes, () =>
        instance.call(handler, args, request, deadlineMs),
      );
    } finally {
      // A call answered for MRTR may still unwind in its guest: the next call waits behind it.
      const unwinding = instance.whenFree();
      if (unwinding) void unwinding.then(() => this.#release(instance));
      else this.#release(instance);
    }
  }

  /** Linear memory of each live instance, in bytes (a worker's as of its last call). */
  memoryBytes(): number[] {
    return [...this.#live].map((instance) => instance.memoryBytes);
  }

  /**
   * Stops every instance. One still starting (a replacement, the standby) is stopped as soon as it
   * is up; closing does not wait for it (a cold start takes seconds on a loaded machine).
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#idleTimers.clear();
    this.#queueGauge.removeCallback(this.#observeQueue);
    for (const waiter of this.#waiting.splice(0))
      waiter.reject(new McpError(ErrorCode.InternalError, "the host is shutting down"));
    void this.#dropStandby();
    await Promise.all([...this.#live].map((instance) => instance.terminate()));
  }

  async #startOne(booted?: InstanceChannel) {
    this.#starting++;
    try {
      const started = await this.#startInstance(booted);
      this.#adopt(started);
      return started;
    } finally {
      this.#starting--;
    }
  }

  /** Starts an instance whose registry events go to {@link OwnedRegistrations} under its name. */
  #startInstance(booted?: InstanceChannel): Promise<Started> {
    let self: PoolInstance | undefined;
    const hooks = this.#registrations.hooksFor(this.#hooks, () => self);
    const started = startInstance(this.#spec, hooks, booted);
    return started.then((outcome) => {
      self = outcome.instance;
      return outcome;
    });
  }

  /** Counts an instance as live, its registrations listed; when it goes, it is replaced. */
  #adopt({ instance, registry }: Started): void {
    this.#live.add(instance);
    this.#registrations.adopt(instance, registry);
    instance.onExit = () => this.#replace(instance);
  }

  /**
   * A free instance: at once, or after waiting in the queue — which a call leaves when its request
   * is cancelled, or refused as busy after `policy.maxQueueWaitMs`.
   */
  #acquire(signal: AbortSignal, target: RegisteredTarget | undefined): Promise<PoolInstance> {
    if (this.#closed)
      return Promise.reject(new McpError(ErrorCode.InternalError, "the host is shutting down"));
    // Asked again at each release: the owners change as instances register, die and start.
    const fits = (instance: PoolInstance) => {
      const owners = target && this.#registrations.ownersOf(target);
      return !owners || owners.includes(instance);
    };
    // A request cancelled before its call started never reaches an instance, idle or not.
    if (signal.aborted)
      return Promise.reject(new McpError(ErrorCode.InvalidRequest, "cancelled before an instance took it"));
    const index = this.#idle.findLastIndex(fits);
    if (index >= 0) {
      const instance = this.#idle.splice(index, 1)[0] as PoolInstance;
      this.#idleTimers.taken(instance);
      return Promise.resolve(instance);
    }
    if (this.#waiting.length >= this.#spec.policy.maxQueue) {
      return Promise.reject(
        new McpError(
          ErrorCode.InternalError,
          `Component ${this.#spec.name} is busy: ${this.#waiting.length} calls are already waiting; try again later`,
        ),
      );
    }
    if (this.#stoppedIdle > 0 && this.#live.size + this.#starting < this.#spec.policy.poolSize)
      this.#startOnDemand();
    else if (this.#live.size + this.#starting === 0) this.#replace(undefined);
    const cancelled = () =>
      new McpError(ErrorCode.InvalidRequest, "cancelled while waiting for a free instance");
    return new Promise((resolve, reject) => {
      const { maxQueueWaitMs } = this.#spec.policy;
      const leave = (error: McpError) => {
        const index = this.#waiting.indexOf(waiter);
        if (index < 0) return;
        this.#waiting.splice(index, 1);
        settle();
        reject(error);
      };
      const onAbort = () => leave(cancelled());
      const timer = setTimeout(
        () =>
          leave(
            new McpError(
              ErrorCode.InternalError,
              `Component ${this.#spec.name} is busy: no instance was free within ${maxQueueWaitMs} ms (maxQueueWaitMs); try again later`,
            ),
          ),
        maxQueueWaitMs,
      );
      const settle = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
      };
      const waiter: Waiter = {
        fits,
        resolve: (instance) => {
          settle();
          resolve(instance);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  #release(instance: PoolInstance): void {
    if (instance.dead || this.#closed) return;
    if (this.#pastHighWater(instance)) {
      this.#retire(instance);
      return;
    }
    const index = this.#waiting.findIndex((waiter) => waiter.fits(instance));
    const waiter = index >= 0 ? this.#waiting.splice(index, 1)[0] : undefined;
    if (waiter) waiter.resolve(instance);
    else {
      this.#idle.push(instance);
      this.#idleTimers.free(instance);
    }
  }

  /** Stops an instance left idle for `policy.idleInstanceMs`; the next call starts one. */
  #stopIdle(instance: PoolInstance): void {
    const index = this.#idle.indexOf(instance);
    if (index < 0 || this.#closed) return;
    this.#idle.splice(index, 1);
    this.#live.delete(instance);
    this.#registrations.withdraw(instance);
    instance.onExit = undefined;
    void instance.terminate();
    this.idleStops++;
    this.#stoppedIdle++;
    if (this.#live.size === 0) void this.#dropStandby();
  }

  /** Starts an instance for a waiting call in place of one stopped for being idle. */
  #startOnDemand(): void {
    this.#stoppedIdle--;
    this.onDemandStarts++;
    this.#startOne().then(
      ({ instance }) => {
        if (this.#closed) return void instance.terminate();
        if (instance.dead) return this.#replace(instance);
        this.#release(instance);
      },
      (error: Error) => {
        this.#stoppedIdle++;
        this.#health.onStartFailed(error);
        for (const waiter of this.#waiting.splice(0))
          waiter.reject(new McpError(ErrorCode.InternalError, error.message));
      },
    );
  }

  /**
   * Whether an instance between calls holds more linear memory than the policy's high-water mark
   * lets it — unless it started above the mark, where a fresh instance would be no better.
   */
  #pastHighWater(instance: PoolInstance): boolean {
    const { memoryLimitBytes, memoryHighWaterRatio } = this.#spec.policy;
    const mark = memoryLimitBytes * memoryHighWaterRatio;
    return instance.memoryBytes >= mark && instance.startMemoryBytes < mark;
  }

  /** Stops an idle instance past its high-water mark and replaces it (the standby first). */
  #retire(instance: PoolInstance): void {
    this.retirements++;
    instance.onExit = undefined;
    void instance.terminate();
    const { memoryLimitBytes, memoryHighWaterRatio } = this.#spec.policy;
    this.#replace(
      instance,
      `instance retired between calls at ${mebibytes(instance.memoryBytes)} of linear memory ` +
        `(memoryHighWaterRatio ${memoryHighWaterRatio} of its ${mebibytes(memoryLimitBytes)} cap)`,
    );
  }

  /** Replaces a dead (or `retired`) instance, or starts one when none is live. */
  #replace(dead: PoolInstance | undefined, retired?: string): void {
    if (dead) {
      this.#live.delete(dead);
      this.#registrations.withdraw(dead);
      const index = this.#idle.indexOf(dead);
      if (index >= 0) this.#idle.splice(index, 1);
      this.#idleTimers.taken(dead);
    }
    if (this.#closed) return;
    if (retired === undefined) {
      this.restarts++;
      engineInstruments().restarts.add(1, { "wasi_mcp.component": this.#spec.name });
    }
    this.#health.onRestart(retired ?? (dead ? "instance stopped" : "no live instance"));
    this.#starting++;
    const standby = this.#standby;
    this.#standby = undefined;
    if (standby) clearTimeout(standby.expiry);
    const fresh = () => this.#startInstance();
    const next = standby ? standby.started.catch(fresh) : fresh();
    next.then(
      (started) => {
        const { instance } = started;
        this.#starting--;
        // Up after the pool closed: nobody will call it or stop it later.
        if (this.#closed) return void instance.terminate();
        if (instance.dead) return this.#replace(undefined);
        this.#adopt(started);
        this.#release(instance);
        this.#keepStandby();
      },
      (error: Error) => {
        this.#starting--;
        this.#health.onStartFailed(error);
        for (const waiter of this.#waiting.splice(0))
          waiter.reject(new McpError(ErrorCode.InternalError, error.message));
      },
    );
  }

  /**
   * Starts a standby instance for the next replacement, on an instance side spawned now (the first
   * replacement had none). It does not count as live until a replacement takes it; one that dies
   * meanwhile is started again by the replacement that finds it dead.
   */
  #keepStandby(): void {
    if (this.#closed || this.#standby) return;
    const started = this.#startInstance();
    started.catch(() => {}); // reported when a replacement takes it
    const expiry = setTimeout(() => void this.#dropStandby(), STANDBY_IDLE_MS);
    // In Node, a standby nobody took must not keep the process alive.
    (expiry as { unref?: () => void }).unref?.();
    this.#standby = { started, expiry };
  }

  async #dropStandby(): Promise<void> {
    const standby = this.#standby;
    this.#standby = undefined;
    if (!standby) return;
    clearTimeout(standby.expiry);
    await standby.started.then(
      ({ instance }) => instance.terminate(),
      () => {},
    );
  }
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

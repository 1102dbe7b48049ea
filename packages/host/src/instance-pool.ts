import type { Worker } from "node:worker_threads";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { BackendRequest } from "@wasi-mcp/router";
import { InProcessInstance } from "./in-process-instance.js";
import {
  bootWorker,
  type InstanceHooks,
  type InstanceSpec,
  prepareWorker,
  WorkerInstance,
} from "./worker-instance.js";
import type { HandlerName, RegistrySnapshot } from "./worker-protocol.js";

/** An instance of the pool: in a worker, or in the host's thread (`isolation: "in-process"`). */
type PoolInstance = WorkerInstance | InProcessInstance;

/** Starts an instance where the policy says (in `booted`, a worker from {@link bootWorker}, if any). */
function startInstance(
  spec: InstanceSpec,
  hooks: InstanceHooks,
  booted?: Worker,
): Promise<{ instance: PoolInstance; registry: RegistrySnapshot }> {
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
  resolve(instance: PoolInstance): void;
  reject(error: unknown): void;
}

/**
 * `size` instances of one component, each in its own worker, with a bounded queue of calls waiting
 * for a free one. A dead instance is replaced at once, so the next call finds a warm one. Once an
 * instance has died, the pool keeps a standby instance — started, its `run` done — for the next
 * replacement, until it has gone unused for {@link STANDBY_IDLE_MS}: a component that hits its
 * deadline once is likely to again, and a replacement from a standby serves the next call at once
 * (≈ 300 ms sooner than starting a worker, ≈ 60 ms sooner than a booted spare worker; measured).
 * A worker pool also starts a standby when it is first told to expect such stops
 * ({@link InstancePool.expectStops}: MCP 2026-07-28 clients are served, whose calls end when the
 * guest asks the client — MRTR, ADR 0005 §3), so that the call after the first one does not wait
 * for a cold start.
 */
export class InstancePool {
  readonly #spec: InstanceSpec;
  readonly #hooks: InstanceHooks;
  readonly #health: PoolHealth;
  readonly #idle: PoolInstance[] = [];
  readonly #live = new Set<PoolInstance>();
  readonly #waiting: Waiter[] = [];
  #starting = 0;
  #closed = false;
  #standby: { started: Promise<PoolInstance>; expiry: NodeJS.Timeout } | undefined;
  /** {@link InstancePool.expectStops} was called. */
  #expectsStops = false;
  /** How many instances were replaced since the pool started (deaths: deadlines, traps, cancels). */
  restarts = 0;
  /** How many instances were retired at the memory high-water mark (`policy.memoryHighWaterRatio`). */
  retirements = 0;

  constructor(spec: InstanceSpec, hooks: InstanceHooks, health: PoolHealth) {
    this.#spec = spec;
    this.#hooks = hooks;
    this.#health = health;
  }

  /**
   * Starts every instance, in the `booted` workers first (see {@link bootWorker}); resolves with the
   * first one's registrations.
   */
  async start(booted: Worker[] = []): Promise<RegistrySnapshot> {
    const started = await Promise.all(
      Array.from({ length: this.#spec.policy.poolSize }, (_, i) => this.#startOne(booted[i])),
    );
    for (const { instance } of started) this.#release(instance);
    return (started[0] as (typeof started)[0]).registry;
  }

  /**
   * Says that calls may be stopped as a matter of course (MCP 2026-07-28 clients: a guest's client
   * request ends its call, MRTR): the first time, a worker pool starts a standby instance for the
   * replacement (it expires unused like any standby). Later calls, and in-process pools, do nothing.
   */
  expectStops(): void {
    if (this.#expectsStops || this.#spec.policy.isolation !== "worker") return;
    this.#expectsStops = true;
    this.#keepStandby();
  }

  /** Runs a handler call on a free instance, waiting in the bounded queue if needed. */
  async run(
    handler: HandlerName,
    args: unknown[],
    request: BackendRequest,
    deadlineMs: number,
  ): Promise<unknown> {
    const instance = await this.#acquire(request.signal);
    try {
      return await instance.call(handler, args, request, deadlineMs);
    } finally {
      this.#release(instance);
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
    for (const waiter of this.#waiting.splice(0))
      waiter.reject(new McpError(ErrorCode.InternalError, "the host is shutting down"));
    void this.#dropStandby();
    await Promise.all([...this.#live].map((instance) => instance.terminate()));
  }

  async #startOne(booted?: Worker) {
    this.#starting++;
    try {
      const started = await startInstance(this.#spec, this.#hooks, booted);
      this.#adopt(started.instance);
      return started;
    } finally {
      this.#starting--;
    }
  }

  /** Counts an instance as live; when it goes, it is replaced. */
  #adopt(instance: PoolInstance): void {
    this.#live.add(instance);
    instance.onExit = () => this.#replace(instance);
  }

  /**
   * A free instance: at once, or after waiting in the queue — which a call leaves when its request
   * is cancelled, or refused as busy after `policy.maxQueueWaitMs`.
   */
  #acquire(signal: AbortSignal): Promise<PoolInstance> {
    if (this.#closed)
      return Promise.reject(new McpError(ErrorCode.InternalError, "the host is shutting down"));
    const idle = this.#idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.#waiting.length >= this.#spec.policy.maxQueue) {
      return Promise.reject(
        new McpError(
          ErrorCode.InternalError,
          `Component ${this.#spec.name} is busy: ${this.#waiting.length} calls are already waiting; try again later`,
        ),
      );
    }
    if (this.#live.size + this.#starting === 0) this.#replace(undefined);
    const cancelled = () =>
      new McpError(ErrorCode.InvalidRequest, "cancelled while waiting for a free instance");
    if (signal.aborted) return Promise.reject(cancelled());
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
    const waiter = this.#waiting.shift();
    if (waiter) waiter.resolve(instance);
    else this.#idle.push(instance);
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
      const index = this.#idle.indexOf(dead);
      if (index >= 0) this.#idle.splice(index, 1);
    }
    if (this.#closed) return;
    if (retired === undefined) this.restarts++;
    this.#health.onRestart(retired ?? (dead ? "instance stopped" : "no live instance"));
    this.#starting++;
    const standby = this.#standby;
    this.#standby = undefined;
    if (standby) clearTimeout(standby.expiry);
    const fresh = () => startInstance(this.#spec, this.#hooks).then(({ instance }) => instance);
    const next = standby ? standby.started.catch(fresh) : fresh();
    next.then(
      (instance) => {
        this.#starting--;
        // Up after the pool closed: nobody will call it or stop it later.
        if (this.#closed) return void instance.terminate();
        if (instance.dead) return this.#replace(undefined);
        this.#adopt(instance);
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
   * Starts a standby instance for the next replacement, on a worker booted now (the first
   * replacement had none). It does not count as live until a replacement takes it; one that dies
   * meanwhile is started again by the replacement that finds it dead.
   */
  #keepStandby(): void {
    if (this.#closed || this.#standby) return;
    let worker: Worker | undefined;
    if (this.#spec.policy.isolation === "worker") {
      worker = bootWorker(this.#spec.codeCache);
      prepareWorker(worker, this.#spec.entryUrl, this.#spec.imports);
    }
    const started = startInstance(this.#spec, this.#hooks, worker).then(({ instance }) => instance);
    started.catch(() => {}); // reported when a replacement takes it
    const expiry = setTimeout(() => void this.#dropStandby(), STANDBY_IDLE_MS).unref();
    this.#standby = { started, expiry };
  }

  async #dropStandby(): Promise<void> {
    const standby = this.#standby;
    this.#standby = undefined;
    if (!standby) return;
    clearTimeout(standby.expiry);
    await standby.started.then(
      (instance) => instance.terminate(),
      () => {},
    );
  }
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

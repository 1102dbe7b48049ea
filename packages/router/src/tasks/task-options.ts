import { MemoryTaskStore } from "./memory-task-store.js";
import type { TaskStore } from "./task-store.js";

/** Default `ttlMs` of a task: one hour. */
export const DEFAULT_TASK_TTL_MS = 3_600_000;
/** Default `pollIntervalMs` suggested to clients. */
export const DEFAULT_TASK_POLL_INTERVAL_MS = 500;
/** Default time a task-capable call runs inline before it becomes a task. */
export const DEFAULT_TASK_AFTER_MS = 500;

/**
 * How an endpoint runs tool calls as tasks (MCP 2026-07-28 extension
 * `io.modelcontextprotocol/tasks`, and 2025-11-25's experimental tasks).
 */
export interface TaskOptions {
  /** Where tasks are kept. Default: a {@link MemoryTaskStore} with its default bounds. */
  store?: TaskStore;
  /** How long a task (and its result) is kept after creation. Default one hour. */
  ttlMs?: number;
  /** The poll interval suggested to clients. Default 500 ms. */
  pollIntervalMs?: number;
  /**
   * On the 2026 face, how long a call of a task-capable tool runs inline before the request is
   * answered with a task (`CreateTaskResult`) while the call goes on. A call that ends sooner is
   * answered with its result; one that asks the client a question sooner is answered
   * `input_required` (MRTR). Default 500 ms; 0 makes every such call a task at once.
   */
  taskAfterMs?: number;
  /** Ends a task's call (the task fails) after this long. Default: no limit of its own. */
  taskDeadlineMs?: number;
  /**
   * Most tasks whose call runs at once, on both faces. Past it a task-capable call stays a plain
   * call on the 2026 face, and a 2025 request for a task is refused (`-32000`). Keep it below the
   * backend's instance count so that plain calls always find an instance. Default: no limit.
   */
  maxRunningTasks?: number;
}

/** Counts the tasks whose call runs, against {@link TaskOptions.maxRunningTasks}. */
export class TaskSlots {
  #running = 0;
  constructor(readonly max: number) {}

  /** Takes a slot; false when every slot is taken. */
  take(): boolean {
    if (this.#running >= this.max) return false;
    this.#running++;
    return true;
  }

  /** Takes a slot even past the bound (a task rerun the client's answers asked for). */
  hold(): void {
    this.#running++;
  }

  release(): void {
    this.#running = Math.max(0, this.#running - 1);
  }
}

/** {@link TaskOptions} with the defaults applied. */
export interface ResolvedTaskOptions {
  store: TaskStore;
  ttlMs: number;
  pollIntervalMs: number;
  taskAfterMs: number;
  taskDeadlineMs: number | undefined;
  slots: TaskSlots;
}

/** Applies the defaults of {@link TaskOptions}; refuses values that are not positive integers. */
export function resolveTaskOptions(options: TaskOptions = {}): ResolvedTaskOptions {
  const whole = (name: string, value: number | undefined, fallback: number, min = 1): number => {
    const chosen = value ?? fallback;
    if (!Number.isInteger(chosen) || chosen < min) {
      throw new TypeError(`[@wasi-mcp/router] tasks.${name} must be an integer ≥ ${min}, got ${chosen}`);
    }
    return chosen;
  };
  return {
    store: options.store ?? new MemoryTaskStore(),
    ttlMs: whole("ttlMs", options.ttlMs, DEFAULT_TASK_TTL_MS),
    pollIntervalMs: whole("pollIntervalMs", options.pollIntervalMs, DEFAULT_TASK_POLL_INTERVAL_MS),
    taskAfterMs: whole("taskAfterMs", options.taskAfterMs, DEFAULT_TASK_AFTER_MS, 0),
    taskDeadlineMs:
      options.taskDeadlineMs === undefined ? undefined : whole("taskDeadlineMs", options.taskDeadlineMs, 0),
    slots: new TaskSlots(
      options.maxRunningTasks === undefined
        ? Number.POSITIVE_INFINITY
        : whole("maxRunningTasks", options.maxRunningTasks, 0),
    ),
  };
}

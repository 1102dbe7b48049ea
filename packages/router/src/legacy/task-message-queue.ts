import type { QueuedMessage, TaskMessageQueue } from "@modelcontextprotocol/sdk/experimental/tasks";

/** Bounds of {@link BoundedTaskMessageQueue}. */
export interface TaskMessageQueueBounds {
  /** Most messages one task's queue holds when the SDK names no `maxSize`. Default 256. */
  maxPerTask?: number;
  /** Most tasks with a queue at once; past it the oldest task's queue goes. Default 1 000. */
  maxTasks?: number;
}

/**
 * The SDK's `TaskMessageQueue` for 2025 experimental tasks — the questions and notifications a
 * task's call sends, delivered through `tasks/result` — kept in memory with bounds: the SDK's own
 * `InMemoryTaskMessageQueue` grows without limit and lives in a module that imports `node:crypto`,
 * which the router (bundled into the browser host) must not.
 */
export class BoundedTaskMessageQueue implements TaskMessageQueue {
  readonly #queues = new Map<string, QueuedMessage[]>();
  readonly #maxPerTask: number;
  readonly #maxTasks: number;

  constructor(bounds: TaskMessageQueueBounds = {}) {
    this.#maxPerTask = bounds.maxPerTask ?? 256;
    this.#maxTasks = bounds.maxTasks ?? 1_000;
  }

  async enqueue(
    taskId: string,
    message: QueuedMessage,
    _sessionId?: string,
    maxSize?: number,
  ): Promise<void> {
    let queue = this.#queues.get(taskId);
    if (!queue) {
      if (this.#queues.size >= this.#maxTasks) {
        const oldest = this.#queues.keys().next().value;
        if (oldest !== undefined) this.#queues.delete(oldest);
      }
      queue = [];
      this.#queues.set(taskId, queue);
    }
    const limit = Math.min(maxSize ?? this.#maxPerTask, this.#maxPerTask);
    if (queue.length >= limit) {
      throw new Error(`Task message queue overflow: queue size (${queue.length}) exceeds maximum (${limit})`);
    }
    queue.push(message);
  }

  async dequeue(taskId: string): Promise<QueuedMessage | undefined> {
    const queue = this.#queues.get(taskId);
    const message = queue?.shift();
    if (queue?.length === 0) this.#queues.delete(taskId);
    return message;
  }

  async dequeueAll(taskId: string): Promise<QueuedMessage[]> {
    const queue = this.#queues.get(taskId) ?? [];
    this.#queues.delete(taskId);
    return queue;
  }

  /** Tasks holding queued messages (tests). */
  get size(): number {
    return this.#queues.size;
  }
}

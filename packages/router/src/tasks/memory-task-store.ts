import {
  type TaskPatch,
  type TaskRecord,
  type TaskStore,
  TaskStoreFull,
  TERMINAL_STATUSES,
} from "./task-store.js";

/** Bounds of {@link MemoryTaskStore}. */
export interface MemoryTaskStoreOptions {
  /** Most tasks kept at once (expired ones do not count). Default 1000. */
  maxTasks?: number;
  /** Most bytes of task JSON kept at once (results included). Default 64 MiB. */
  maxBytes?: number;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
}

interface Entry {
  record: TaskRecord;
  bytes: number;
  expiresAt: number;
}

/**
 * The default {@link TaskStore}: one process's memory, bounded by count and bytes; a task is kept
 * (results included) until its `ttlMs` has passed since it was created, then forgotten. A
 * terminal task whose result would pass the byte bound fails instead (`-32603`, the result does
 * not fit), so a completed task never vanishes before its TTL.
 *
 * @example
 * ```ts
 * const store = new MemoryTaskStore({ maxTasks: 100, maxBytes: 8 * 1024 * 1024 });
 * ```
 */
export class MemoryTaskStore implements TaskStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxTasks: number;
  readonly #maxBytes: number;
  readonly #now: () => number;
  #bytes = 0;

  constructor(options: MemoryTaskStoreOptions = {}) {
    this.#maxTasks = options.maxTasks ?? 1000;
    this.#maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.#now = options.now ?? Date.now;
  }

  /** Tasks kept now (after dropping expired ones). */
  get size(): number {
    this.#sweep();
    return this.#entries.size;
  }

  async create(record: TaskRecord): Promise<void> {
    this.#sweep();
    if (this.#entries.size >= this.#maxTasks) {
      throw new TaskStoreFull(`Too many tasks: ${this.#maxTasks} are kept already (maxTasks)`);
    }
    const bytes = sizeOf(record);
    if (this.#bytes + bytes > this.#maxBytes) {
      throw new TaskStoreFull(`Too many task bytes: the store holds ${this.#bytes} (maxBytes)`);
    }
    const created = Date.parse(record.createdAt);
    this.#entries.set(record.taskId, { record: { ...record }, bytes, expiresAt: created + record.ttlMs });
    this.#bytes += bytes;
  }

  async get(taskId: string, owner: string): Promise<TaskRecord | undefined> {
    const entry = this.#live(taskId);
    return entry && entry.record.owner === owner ? { ...entry.record } : undefined;
  }

  async update(taskId: string, patch: TaskPatch): Promise<TaskRecord | undefined> {
    const entry = this.#live(taskId);
    if (!entry) return undefined;
    if (TERMINAL_STATUSES.has(entry.record.status)) return { ...entry.record };
    let next: TaskRecord = { ...entry.record, ...patch, lastUpdatedAt: new Date(this.#now()).toISOString() };
    if (next.status !== "input_required") delete next.inputRequests;
    let bytes = sizeOf(next);
    if (this.#bytes - entry.bytes + bytes > this.#maxBytes) {
      next = {
        ...entry.record,
        status: "failed",
        lastUpdatedAt: next.lastUpdatedAt,
        error: { code: -32603, message: "The task's result does not fit in the task store (maxBytes)" },
      };
      delete next.inputRequests;
      bytes = sizeOf(next);
    }
    this.#bytes += bytes - entry.bytes;
    entry.record = next;
    entry.bytes = bytes;
    return { ...next };
  }

  async list(owner: string): Promise<TaskRecord[]> {
    this.#sweep();
    return [...this.#entries.values()]
      .filter((entry) => entry.record.owner === owner)
      .map((entry) => ({ ...entry.record }));
  }

  close(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  #live(taskId: string): Entry | undefined {
    const entry = this.#entries.get(taskId);
    if (entry && entry.expiresAt <= this.#now()) {
      this.#drop(taskId, entry);
      return undefined;
    }
    return entry;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [taskId, entry] of this.#entries) if (entry.expiresAt <= now) this.#drop(taskId, entry);
  }

  #drop(taskId: string, entry: Entry): void {
    this.#entries.delete(taskId);
    this.#bytes -= entry.bytes;
  }
}

function sizeOf(record: TaskRecord): number {
  return Buffer.byteLength(JSON.stringify(record));
}

/**
 * What a task is, as the store keeps it: JSON only, so a shared store (Redis) can hold it and any
 * replica can answer `tasks/get`. What only the process running the task has (its abort
 * controller, its replay) stays in that process ({@link TaskRunner}).
 */

/** The statuses of a task (the same words on both protocol revisions). */
export type TaskStatus = "working" | "input_required" | "completed" | "failed" | "cancelled";

/** The statuses after which a task never changes again. */
export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(["completed", "failed", "cancelled"]);

/** A JSON-RPC error as a failed task carries it. */
export interface TaskError {
  code: number;
  message: string;
  data?: unknown;
}

/** One task. */
export interface TaskRecord {
  /** Unguessable id (a random UUID). */
  taskId: string;
  /** Who created it; only the same principal sees it (`tasks/get`, `tasks/update`, `tasks/cancel`). */
  owner: string;
  /** The tool it runs. */
  tool: string;
  status: TaskStatus;
  statusMessage?: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  lastUpdatedAt: string;
  /** How long the task is kept after it was created, in milliseconds. */
  ttlMs: number;
  /** How often a client should poll, in milliseconds. */
  pollIntervalMs: number;
  /** The tool's result, once `completed`. */
  result?: Record<string, unknown>;
  /** The protocol error, once `failed`. */
  error?: TaskError;
  /** What the task waits for, while `input_required`, by key. */
  inputRequests?: Record<string, unknown>;
}

/** The fields of a record {@link TaskStore.update} may change. */
export type TaskPatch = Partial<
  Pick<TaskRecord, "status" | "statusMessage" | "result" | "error" | "inputRequests">
>;

/**
 * Where tasks live. The default is {@link MemoryTaskStore}; replicas share one (Redis). Every
 * method is scoped by the owner: a task of another principal is answered as unknown.
 */
export interface TaskStore {
  /**
   * Stores a new task; resolves once a `get` of it would find it (the spec's durable create).
   * Rejects with {@link TaskStoreFull} when the store is at its bounds.
   */
  create(record: TaskRecord): Promise<void>;
  /** The task, if it exists, has not expired and belongs to `owner`. */
  get(taskId: string, owner: string): Promise<TaskRecord | undefined>;
  /**
   * Applies `patch` unless the task is terminal (a terminal task never changes) and returns the
   * record as stored afterwards; undefined when unknown or expired.
   */
  update(taskId: string, patch: TaskPatch): Promise<TaskRecord | undefined>;
  /** The owner's tasks, oldest first (2025-11-25 `tasks/list`). */
  list(owner: string): Promise<TaskRecord[]>;
  /** Forgets every task (a closing endpoint). */
  close?(): Promise<void> | void;
}

/** A task that does not fit in the store's bounds. */
export class TaskStoreFull extends Error {
  constructor(message: string) {
    super(`[@wasi-mcp/router] ${message}`);
    this.name = "TaskStoreFull";
  }
}

import type { TaskStore as SdkTaskStore } from "@modelcontextprotocol/sdk/experimental/tasks";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  type CallToolResult,
  ErrorCode,
  McpError,
  type Result,
  type ServerNotification,
  type ServerRequest,
  type Task,
} from "@modelcontextprotocol/sdk/types.js";
import type { McpBackend } from "../shared/backend.js";
import { findByName } from "../shared/lookup.js";
import type { ResolvedTaskOptions } from "../tasks/task-options.js";
import { type TaskRecord, TERMINAL_STATUSES } from "../tasks/task-store.js";
import { BoundedTaskMessageQueue } from "./task-message-queue.js";

type SdkExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Most tasks one 2025 `tasks/list` page shows. */
const LIST_PAGE = 100;

/**
 * 2025-11-25's experimental tasks on the 2025 face, as SDK v1 clients speak them: a `tools/call`
 * carrying `task` (for a tool whose `execution.taskSupport` allows it) answers `CreateTaskResult`
 * at once and runs in the background; the SDK's own `tasks/get`, `tasks/result`, `tasks/list`
 * and `tasks/cancel` answer from the endpoint's {@link TaskStore} through {@link sdkStore}.
 * Questions the call asks go to the client through `tasks/result` (the SDK's message queue).
 * A task belongs to the session that created it.
 */
export class LegacyTasks {
  readonly #live = new Map<string, AbortController>();
  /** The SDK's queue of a task's questions and notifications, delivered by `tasks/result`. */
  readonly queue = new BoundedTaskMessageQueue();

  constructor(
    readonly options: ResolvedTaskOptions,
    readonly backend: McpBackend,
  ) {}

  /** The capabilities the 2025 face advertises for tasks. */
  static readonly capabilities = { list: {}, cancel: {}, requests: { tools: { call: {} } } };

  /**
   * Answers a `tools/call` as a task when it asks for one, else runs `handler` as usual. A tool
   * that never runs as a task answers `-32601` to a request for one (2025-11-25).
   */
  async call(
    request: { params?: { name?: unknown; task?: { ttl?: number | null } } & Record<string, unknown> },
    extra: SdkExtra,
    handler: (request: unknown, extra: SdkExtra) => Promise<unknown> | unknown,
  ): Promise<unknown> {
    const params = request.params;
    if (!params?.task || !extra.taskStore) return handler(request, extra);
    const name = String(params.name);
    const support = findByName(this.backend.listTools(), name)?.execution?.taskSupport;
    if (support !== "optional" && support !== "required") {
      throw new McpError(ErrorCode.MethodNotFound, `Tool ${JSON.stringify(name)} does not run as a task`);
    }
    if (!this.options.slots.take()) {
      throw new McpError(-32000, "Too many running tasks (maxRunningTasks): try again later");
    }
    const ttl = params.task.ttl ?? undefined;
    const task = await extra.taskStore
      .createTask({ ...(ttl === undefined ? {} : { ttl }) })
      .catch((error) => {
        this.options.slots.release();
        throw error;
      });
    const controller = new AbortController();
    this.#live.set(task.taskId, controller);
    const store = extra.taskStore;
    const relatedTask = { taskId: task.taskId };
    const taskExtra: SdkExtra = {
      ...extra,
      signal: controller.signal,
      // The SDK queues a request carrying `relatedTask` for `tasks/result` (and marks the task
      // input_required); the task works again once answered.
      sendRequest: (async (req: ServerRequest, schema: unknown, options?: object) => {
        const send = extra.sendRequest as unknown as (r: unknown, s: unknown, o: unknown) => Promise<unknown>;
        const answer = await send(req, schema, { ...options, relatedTask });
        await this.options.store.update(task.taskId, { status: "working" });
        return answer;
      }) as unknown as SdkExtra["sendRequest"],
      sendNotification: (notification) => extra.sendNotification(notification),
    };
    const { task: _asked, ...plain } = params;
    void (async () => {
      try {
        const result = (await handler({ ...request, params: plain }, taskExtra)) as Result;
        await store.storeTaskResult(task.taskId, "completed", result);
      } catch (error) {
        if (controller.signal.aborted) return;
        await store.storeTaskResult(task.taskId, "failed", failedResult(error)).catch(() => {});
      } finally {
        this.#live.delete(task.taskId);
        this.options.slots.release();
      }
    })();
    return { task };
  }

  /** The SDK v1 `TaskStore` over the endpoint's store, one owner per session. */
  sdkStore(): SdkTaskStore {
    const { store, ttlMs, pollIntervalMs } = this.options;
    const owner = (sessionId: string | undefined) => `legacy-session:${sessionId ?? ""}`;
    const owned = async (taskId: string, sessionId: string | undefined) => {
      const record = await store.get(taskId, owner(sessionId));
      if (!record) throw new McpError(ErrorCode.InvalidParams, `Task not found: ${taskId}`);
      return record;
    };
    return {
      createTask: async (params, _requestId, request, sessionId) => {
        const now = new Date().toISOString();
        const asked = typeof params.ttl === "number" && params.ttl > 0 ? Math.floor(params.ttl) : ttlMs;
        const record: TaskRecord = {
          taskId: globalThis.crypto.randomUUID(),
          owner: owner(sessionId),
          tool: String((request.params as { name?: unknown } | undefined)?.name ?? request.method),
          status: "working",
          createdAt: now,
          lastUpdatedAt: now,
          ttlMs: Math.min(asked, ttlMs),
          pollIntervalMs,
        };
        await store.create(record);
        return legacyTask(record);
      },
      getTask: async (taskId, sessionId) => {
        const record = await store.get(taskId, owner(sessionId));
        return record ? legacyTask(record) : null;
      },
      storeTaskResult: async (taskId, status, result, sessionId) => {
        await owned(taskId, sessionId);
        await store.update(taskId, { status, result: result as Record<string, unknown> });
      },
      getTaskResult: async (taskId, sessionId) => {
        const record = await owned(taskId, sessionId);
        if (!record.result) throw new McpError(ErrorCode.InvalidParams, `Task ${taskId} has no result`);
        return record.result as Result;
      },
      updateTaskStatus: async (taskId, status, statusMessage, sessionId) => {
        const record = await owned(taskId, sessionId);
        if (TERMINAL_STATUSES.has(record.status)) return;
        await store.update(taskId, { status, ...(statusMessage === undefined ? {} : { statusMessage }) });
        if (status === "cancelled") {
          this.#live.get(taskId)?.abort(new Error("[@wasi-mcp/router] the task was cancelled"));
          this.#live.delete(taskId);
        }
      },
      listTasks: async (cursor, sessionId) => {
        const all = await store.list(owner(sessionId));
        const start = cursor === undefined ? 0 : Number.parseInt(cursor, 10);
        if (!Number.isInteger(start) || start < 0)
          throw new McpError(ErrorCode.InvalidParams, "Invalid cursor");
        const page = all.slice(start, start + LIST_PAGE).map(legacyTask);
        const next = start + LIST_PAGE < all.length ? String(start + LIST_PAGE) : undefined;
        return next === undefined ? { tasks: page } : { tasks: page, nextCursor: next };
      },
    };
  }

  /** Stops every running task's call (a closing endpoint). */
  close(): void {
    for (const controller of this.#live.values()) controller.abort(new Error("[@wasi-mcp/router] closing"));
    this.#live.clear();
  }
}

/** A record in the 2025-11-25 `Task` shape (`ttl`, `pollInterval`). */
function legacyTask(record: TaskRecord): Task {
  return {
    taskId: record.taskId,
    status: record.status,
    ttl: record.ttlMs,
    createdAt: record.createdAt,
    lastUpdatedAt: record.lastUpdatedAt,
    pollInterval: record.pollIntervalMs,
    ...(record.statusMessage === undefined ? {} : { statusMessage: record.statusMessage }),
  };
}

/** What `tasks/result` of a failed 2025 task answers: the error as a tool error result. */
function failedResult(error: unknown): CallToolResult {
  const message = error instanceof McpError ? error.message : "Internal error";
  return { content: [{ type: "text", text: message }], isError: true };
}

import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import {
  MissingRequiredClientCapabilityError,
  ProtocolError,
  type RequestStateCodec,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { principalOf } from "../shared/invocations.js";
import type { Extra } from "../shared/route-table.js";
import type { ResolvedTaskOptions } from "../tasks/task-options.js";
import { type TaskError, type TaskPatch, type TaskRecord, TERMINAL_STATUSES } from "../tasks/task-store.js";
import { InputReplay } from "./input-replay.js";
import {
  backendController,
  concludeReplayedCall,
  type CallOutcome as Outcome,
  replayExtra,
} from "./modern-client-requests.js";
import type { RecordedAnswer, ReplayState } from "./request-state.js";
import { createTaskResult, TASKS_REQUIRED } from "./task-wire.js";

/** What a task's call is given to run (again): the router's handler with a task's extra. */
export type TaskCall = (extra: Partial<Extra>) => Promise<unknown>;

/** The process-local part of a task: what runs it, and what its replay has gathered. */
interface LiveTask {
  controller: AbortController;
  call: TaskCall;
  digest: string;
  recorded: (RecordedAnswer | null)[];
  /** The client's answers from `tasks/update`, by key. */
  responses: Record<string, unknown>;
  /** Keys still waiting for an answer. */
  pending: Set<string>;
  deadline?: ReturnType<typeof setTimeout> | undefined;
  /** Forgets a task left waiting for input once its record has expired. */
  expiry?: ReturnType<typeof setTimeout> | undefined;
  /** When the task's record expires (ms since the epoch). */
  expiresAt: number;
}

/** The owner of a task: the authenticated principal, else every unauthenticated caller alike. */
export function taskOwner(authInfo: AuthInfo | undefined): string {
  const principal = principalOf(authInfo);
  if (!principal) return "anonymous";
  return `${principal.subject ?? ""}\u0000${principal.clientId}`;
}

/** The reason a task's call is aborted with when the client cancels the task. */
class TaskCancelled extends Error {
  constructor() {
    super("[@wasi-mcp/router] the task was cancelled");
    this.name = "TaskCancelled";
  }
}

/**
 * The endpoint's tasks on the 2026 face: starts task-capable `tools/call`s, escalates them to
 * tasks, settles them in the store, and reruns them when `tasks/update` answers their questions.
 * One per endpoint, shared by every request's server.
 */
export class ModernTasks {
  readonly #live = new Map<string, LiveTask>();

  constructor(readonly options: ResolvedTaskOptions) {}

  /**
   * Runs a call of a task-capable tool for a request that declared the extension: inline for up
   * to `taskAfterMs` (its result, its `input_required`), then as a task, answering
   * `CreateTaskResult` once the task is stored.
   */
  async call(
    tool: string,
    params: Record<string, unknown> | undefined,
    context: ServerContext,
    codec: RequestStateCodec<ReplayState>,
    call: TaskCall,
  ): Promise<unknown> {
    const replay = InputReplay.open(params, context);
    const { controller, unlink } = backendController(context);
    let escalated = false;
    const running = settled(
      call({
        ...replayExtra(replay, controller),
        sendNotification: async (notification) => {
          if (!escalated) await context.mcpReq.notify(notification as never);
        },
      }),
    );
    const inline = await Promise.race([running, delay(this.options.taskAfterMs)]);
    // Past `maxRunningTasks` the call stays a plain call: it holds the request, not a task slot.
    const slotless =
      inline === undefined && !replay.pending && !controller.signal.aborted && !this.options.slots.take();
    if (inline !== undefined || replay.pending || controller.signal.aborted || slotless) {
      unlink();
      return concludeReplayedCall(await running, replay, context, codec);
    }
    const record = this.#newRecord(tool, taskOwner(context.http?.authInfo as AuthInfo | undefined));
    try {
      await this.options.store.create(record);
    } catch (error) {
      this.options.slots.release();
      unlink();
      controller.abort(new TaskCancelled());
      throw new McpError(ErrorCode.InternalError, (error as Error).message);
    }
    escalated = true;
    unlink();
    const live: LiveTask = {
      controller,
      call,
      digest: replay.digest,
      recorded: [],
      responses: {},
      pending: new Set(),
      expiresAt: Date.parse(record.createdAt) + record.ttlMs,
    };
    replay.answerFrom(live.responses);
    this.#live.set(record.taskId, live);
    this.#arm(record.taskId, live);
    void running.then((outcome) => this.#settle(record.taskId, live, replay, outcome));
    return createTaskResult(record);
  }

  /** The task, for its owner. */
  get(taskId: string, owner: string): Promise<TaskRecord | undefined> {
    return this.options.store.get(taskId, owner);
  }

  /**
   * Takes the client's answers to an `input_required` task: keys it does not wait for are
   * ignored; once every question has its answer, the call runs again from the start with them.
   * Returns false for an unknown task.
   */
  async update(taskId: string, owner: string, responses: Record<string, unknown>): Promise<boolean> {
    const record = await this.options.store.get(taskId, owner);
    if (!record) return false;
    const live = this.#live.get(taskId);
    if (record.status !== "input_required" || !live) return true;
    for (const [key, value] of Object.entries(responses)) {
      if (!live.pending.has(key)) continue;
      live.responses[key] = value;
      live.pending.delete(key);
    }
    if (live.pending.size > 0) {
      const waiting = Object.fromEntries(
        Object.entries(record.inputRequests ?? {}).filter(([key]) => live.pending.has(key)),
      );
      await this.options.store.update(taskId, { inputRequests: waiting });
      return true;
    }
    await this.options.store.update(taskId, { status: "working" });
    this.#rerun(taskId, live);
    return true;
  }

  /**
   * Cancels the task: its call is stopped (a plain abort: the component call ends as at a
   * deadline, freeing its instance) and it turns `cancelled`. A terminal task stays as it is.
   * Returns false for an unknown task.
   */
  async cancel(taskId: string, owner: string): Promise<boolean> {
    const record = await this.options.store.get(taskId, owner);
    if (!record) return false;
    if (TERMINAL_STATUSES.has(record.status)) return true;
    await this.options.store.update(taskId, {
      status: "cancelled",
      statusMessage: "Cancelled by the client",
    });
    this.#finish(taskId)?.controller.abort(new TaskCancelled());
    return true;
  }

  /** Stops every running task's call (a closing endpoint). */
  close(): void {
    for (const taskId of [...this.#live.keys()]) this.#finish(taskId)?.controller.abort(new TaskCancelled());
  }

  #newRecord(tool: string, owner: string): TaskRecord {
    const now = new Date().toISOString();
    return {
      taskId: globalThis.crypto.randomUUID(),
      owner,
      tool,
      status: "working",
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs: this.options.ttlMs,
      pollIntervalMs: this.options.pollIntervalMs,
    };
  }

  /** Starts the task's own deadline, if the policy sets one. */
  #arm(taskId: string, live: LiveTask): void {
    const limit = this.options.taskDeadlineMs;
    if (limit === undefined) return;
    live.deadline = setTimeout(() => {
      const error = { code: ErrorCode.InternalError, message: `The task passed its deadline (${limit} ms)` };
      void this.options.store.update(taskId, { status: "failed", error });
      this.#finish(taskId)?.controller.abort(new TaskCancelled());
    }, limit);
    live.deadline.unref?.();
  }

  #rerun(taskId: string, live: LiveTask): void {
    // A rerun answers questions the client was asked: it runs even past `maxRunningTasks`.
    this.options.slots.hold();
    const replay = InputReplay.resume(live.digest, live.recorded, live.responses);
    live.controller = new AbortController();
    const running = settled(
      live.call({ ...replayExtra(replay, live.controller), sendNotification: async () => {} }),
    );
    void running.then((outcome) => this.#settle(taskId, live, replay, outcome));
  }

  async #settle(taskId: string, live: LiveTask, replay: InputReplay, outcome: Outcome): Promise<void> {
    this.options.slots.release();
    if (this.#live.get(taskId) !== live) return;
    const patch = taskPatch(replay, outcome);
    if (patch.status === "input_required") {
      live.recorded = [...replay.recorded];
      live.pending = new Set(Object.keys(patch.inputRequests ?? {}));
      // A client may never answer: what runs the task goes when its record does.
      live.expiry ??= setTimeout(() => this.#finish(taskId), Math.max(0, live.expiresAt - Date.now()));
      live.expiry.unref?.();
    } else {
      this.#finish(taskId);
    }
    await this.options.store.update(taskId, patch);
  }

  #finish(taskId: string): LiveTask | undefined {
    const live = this.#live.get(taskId);
    this.#live.delete(taskId);
    if (live?.deadline) clearTimeout(live.deadline);
    if (live?.expiry) clearTimeout(live.expiry);
    return live;
  }
}

function settled(promise: Promise<unknown>): Promise<Outcome> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref?.());
}

/** What a task's run changes in its record. */
function taskPatch(replay: InputReplay, outcome: Outcome): TaskPatch {
  if (replay.refusal) return { status: "failed", error: taskError(replay.refusal) };
  if (replay.refused) {
    const error = new MissingRequiredClientCapabilityError(
      { requiredCapabilities: replay.refused as Record<string, unknown> },
      "This task needs client capabilities the request did not declare",
    );
    return { status: "failed", error: taskError(error) };
  }
  if (replay.pending) return { status: "input_required", inputRequests: replay.pendingRequests };
  if (!outcome.ok) return { status: "failed", error: taskError(outcome.error) };
  return { status: "completed", result: outcome.value as Record<string, unknown> };
}

/** A failed task's error: the JSON-RPC error a plain call would have answered. */
function taskError(error: unknown): TaskError {
  if (error instanceof McpError || error instanceof ProtocolError) {
    const prefix = `MCP error ${error.code}: `;
    const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    return { code: error.code, message, ...(error.data === undefined ? {} : { data: error.data }) };
  }
  return { code: ErrorCode.InternalError, message: "Internal error" };
}

/** The `-32021` a task-required tool answers to a request that did not declare the extension. */
export function tasksRequiredError(tool: string): MissingRequiredClientCapabilityError {
  return new MissingRequiredClientCapabilityError(
    TASKS_REQUIRED,
    `Tool ${JSON.stringify(tool)} runs only as a task: declare the io.modelcontextprotocol/tasks extension`,
  );
}

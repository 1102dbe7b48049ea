import { CLIENT_CAPABILITIES_META_KEY, type ServerContext } from "@modelcontextprotocol/server";
import type { TaskRecord } from "../tasks/task-store.js";

/** The 2026-07-28 extension id of tasks (SEP-2663). */
export const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";

/** Whether the request's envelope declared the tasks extension. */
export function declaresTasks(context: ServerContext): boolean {
  const envelope = context.mcpReq.envelope as Record<string, unknown> | undefined;
  const capabilities = envelope?.[CLIENT_CAPABILITIES_META_KEY] as { extensions?: unknown } | undefined;
  const extensions = capabilities?.extensions;
  return typeof extensions === "object" && extensions !== null && TASKS_EXTENSION in extensions;
}

/** The `-32021` data naming the tasks extension as the capability a request lacked. */
export const TASKS_REQUIRED = { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } };

/** The task fields every task shape carries (`Task` of SEP-2663). */
function taskFields(record: TaskRecord): Record<string, unknown> {
  return {
    taskId: record.taskId,
    status: record.status,
    ...(record.statusMessage === undefined ? {} : { statusMessage: record.statusMessage }),
    createdAt: record.createdAt,
    lastUpdatedAt: record.lastUpdatedAt,
    ttlMs: record.ttlMs,
    pollIntervalMs: record.pollIntervalMs,
  };
}

/** The flat `CreateTaskResult` a `tools/call` answers once its task is stored. */
export function createTaskResult(record: TaskRecord): Record<string, unknown> {
  return { resultType: "task", ...taskFields(record) };
}

/**
 * The `DetailedTask` of `tasks/get` and of `notifications/tasks`: the result inlined once
 * completed, the error once failed, the pending input requests while `input_required`.
 */
export function detailedTask(record: TaskRecord): Record<string, unknown> {
  const detail = taskFields(record);
  if (record.status === "completed" && record.result) detail.result = record.result;
  if (record.status === "failed" && record.error) detail.error = record.error;
  if (record.status === "input_required") detail.inputRequests = record.inputRequests ?? {};
  return detail;
}

import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import {
  MissingRequiredClientCapabilityError,
  type Server as ModernServer,
  ProtocolError,
  ProtocolErrorCode,
  type ServerContext,
} from "@modelcontextprotocol/server";
import * as z from "zod/v4";
import { printable } from "../shared/printable.js";
import { type ModernTasks, taskOwner } from "./task-runner.js";
import { declaresTasks, detailedTask, TASKS_REQUIRED } from "./task-wire.js";

const TaskIdParams = z.looseObject({ taskId: z.string().min(1).max(256) });
/** `inputResponses` of `tasks/update` (the SDK lifts them off the params, as for MRTR retries). */
const InputResponses = z.record(z.string(), z.unknown());

type Registrar = (
  method: string,
  schemas: { params: z.ZodType },
  handler: (params: Record<string, unknown>, context: ServerContext) => Promise<unknown>,
) => void;

/**
 * Registers the extension's methods on a 2026 server: `tasks/get` (the `DetailedTask`),
 * `tasks/update` (answers to an `input_required` task; an empty ack) and `tasks/cancel` (an empty
 * ack, also for a terminal task). A request that did not declare the extension is answered
 * `-32021`; a task that is unknown, expired or another principal's `-32602`. `tasks/result` and
 * `tasks/list` (2025-11-25 only) stay `-32601`.
 */
export function registerTaskMethods(server: ModernServer, tasks: ModernTasks): void {
  const register = server.setRequestHandler.bind(server) as unknown as Registrar;
  const owned = (context: ServerContext) => {
    if (!declaresTasks(context)) {
      throw new MissingRequiredClientCapabilityError(
        TASKS_REQUIRED,
        "The tasks methods need the io.modelcontextprotocol/tasks extension declared",
      );
    }
    return taskOwner(context.http?.authInfo as AuthInfo | undefined);
  };
  register("tasks/get", { params: TaskIdParams }, async (params, context) => {
    const taskId = params.taskId as string;
    const record = await tasks.get(taskId, owned(context));
    if (!record) throw unknownTask(taskId);
    return detailedTask(record);
  });
  register("tasks/update", { params: TaskIdParams }, async (params, context) => {
    const taskId = params.taskId as string;
    const owner = owned(context);
    const responses = InputResponses.safeParse(params.inputResponses ?? context.mcpReq.inputResponses);
    if (!responses.success) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        "tasks/update needs inputResponses: an object",
      );
    }
    const known = await tasks.update(taskId, owner, responses.data);
    if (!known) throw unknownTask(taskId);
    return {};
  });
  register("tasks/cancel", { params: TaskIdParams }, async (params, context) => {
    const taskId = params.taskId as string;
    if (!(await tasks.cancel(taskId, owned(context)))) throw unknownTask(taskId);
    return {};
  });
}

function unknownTask(taskId: string): ProtocolError {
  return new ProtocolError(ProtocolErrorCode.InvalidParams, printable(`Unknown task: ${taskId}`, 300));
}

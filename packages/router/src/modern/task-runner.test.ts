import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, describe, expect, it } from "vitest";
import { createMcpEndpoint } from "../serving/endpoint.js";
import type { BackendRequest } from "../shared/backend.js";
import { createPlainBackend } from "../shared/plain-backend.js";
import { workFor } from "../shared/test-support.js";
import { modernRequest } from "./raw-requests.js";
import { TASKS_EXTENSION } from "./task-wire.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (value: string): CallToolResult => ({ content: [{ type: "text", text: value }] });

/** Signals of the `slow` calls, to see that cancelling a task stops its call. */
const slowSignals: AbortSignal[] = [];

const backend = createPlainBackend({
  name: "tasks-demo",
  version: "1.0.0",
  tools: [
    { name: "quick", inputSchema: { type: "object" }, call: () => text("quick") },
    {
      name: "slow",
      inputSchema: { type: "object", properties: { ms: { type: "number" } } },
      execution: { taskSupport: "optional" },
      call: async ({ ms }, request: BackendRequest) => {
        slowSignals.push(request.signal);
        await workFor(Number(ms ?? 100), request.signal);
        return text(`slept ${ms}`);
      },
    },
    {
      name: "ask_later",
      inputSchema: { type: "object" },
      execution: { taskSupport: "required" },
      call: async (_args, request: BackendRequest) => {
        await workFor(80, request.signal);
        const answer = (await request.requestClient?.(
          {
            method: "elicitation/create",
            params: {
              mode: "form",
              message: "Name?",
              requestedSchema: { type: "object", properties: { name: { type: "string" } } },
            },
          },
          { inputKey: "name" },
        )) as { content?: { name?: string } };
        return text(`hello ${answer.content?.name}`);
      },
    },
  ],
});

const endpoint = createMcpEndpoint(backend, { tasks: { taskAfterMs: 30, pollIntervalMs: 50 } });
afterAll(() => endpoint.close());

const WITH_TASKS = { capabilities: { elicitation: {}, extensions: { [TASKS_EXTENSION]: {} } } };

interface Answer {
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

/** Posts one 2026 request with the standard headers (`Mcp-Name` from name or taskId). */
async function post(
  method: string,
  params: Record<string, unknown>,
  envelope: { capabilities?: Record<string, unknown> } = WITH_TASKS,
  authInfo?: AuthInfo,
): Promise<Answer> {
  const body = modernRequest(1, method, params, envelope as never);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": "2026-07-28",
    "mcp-method": method,
  };
  const name = params.name ?? params.taskId;
  if (typeof name === "string") headers["mcp-name"] = name;
  const request = new Request("http://localhost/mcp", {
    method: "POST",
    headers,
    body: JSON.stringify(body),
  });
  const response = await endpoint.handleHttp(request, { parsedBody: body, authInfo });
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("application/json")) return (await response.json()) as Answer;
  const events = (await response.text()).split("\n").filter((line) => line.startsWith("data: "));
  return JSON.parse((events.at(-1) ?? "data: {}").slice(6)) as Answer;
}

async function settled(taskId: string, authInfo?: AuthInfo): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const { result } = await post("tasks/get", { taskId }, WITH_TASKS, authInfo);
    if (result && ["completed", "failed", "cancelled", "input_required"].includes(String(result.status))) {
      return result;
    }
    await sleep(20);
  }
  throw new Error(`task ${taskId} did not settle`);
}

describe("tasks on the 2026 face (io.modelcontextprotocol/tasks)", () => {
  it("advertises the extension in server/discover", async () => {
    const { result } = await post("server/discover", {});
    expect(result?.capabilities).toMatchObject({ extensions: { [TASKS_EXTENSION]: {} } });
  });

  it("answers a quick call of a task-capable tool with its result, a long one with a task", async () => {
    const quick = await post("tools/call", { name: "slow", arguments: { ms: 1 } });
    expect(quick.result).toMatchObject({ resultType: "complete", content: [{ text: "slept 1" }] });
    const created = await post("tools/call", { name: "slow", arguments: { ms: 150 } });
    expect(created.result).toMatchObject({ resultType: "task", status: "working", ttlMs: 3_600_000 });
    // The SDK v2 server gives every tools/call result `content` (here `[]`); no result is inlined.
    expect(created.result).not.toHaveProperty("result");
    const taskId = String(created.result?.taskId);
    expect((await post("tasks/get", { taskId })).result).toMatchObject({ taskId, status: "working" });
    const done = await settled(taskId);
    expect(done).toMatchObject({ status: "completed", result: { content: [{ text: "slept 150" }] } });
  });

  it("turns a question inside a task into the task's inputRequests, answered by tasks/update", async () => {
    const created = await post("tools/call", { name: "ask_later", arguments: {} });
    const taskId = String(created.result?.taskId);
    const waiting = await settled(taskId);
    expect(waiting).toMatchObject({
      status: "input_required",
      inputRequests: { name: { method: "elicitation/create" } },
    });
    const ack = await post("tasks/update", {
      taskId,
      inputResponses: { name: { action: "accept", content: { name: "Ada" } }, stray: {} },
    });
    expect(ack.result).toMatchObject({ resultType: "complete" });
    expect(ack.result).not.toHaveProperty("status");
    expect(await settled(taskId)).toMatchObject({
      status: "completed",
      result: { content: [{ text: "hello Ada" }] },
    });
  });

  it("cancels a running task: its call's signal aborts, the status turns cancelled, a second cancel is the same ack", async () => {
    const created = await post("tools/call", { name: "slow", arguments: { ms: 60_000 } });
    const taskId = String(created.result?.taskId);
    const signal = slowSignals.at(-1) as AbortSignal;
    expect((await post("tasks/cancel", { taskId })).result).toMatchObject({ resultType: "complete" });
    expect(signal.aborted).toBe(true);
    expect((await post("tasks/get", { taskId })).result).toMatchObject({ status: "cancelled" });
    expect((await post("tasks/cancel", { taskId })).result).toMatchObject({ resultType: "complete" });
  });

  it("answers unknown task ids -32602 and requests without the extension -32021", async () => {
    for (const method of ["tasks/get", "tasks/cancel"]) {
      expect((await post(method, { taskId: "nope" })).error).toMatchObject({ code: -32602 });
    }
    expect((await post("tasks/update", { taskId: "nope", inputResponses: {} })).error).toMatchObject({
      code: -32602,
    });
    const plain = { capabilities: {} };
    expect((await post("tasks/get", { taskId: "nope" }, plain)).error).toMatchObject({ code: -32021 });
    const required = await post("tools/call", { name: "ask_later", arguments: {} }, plain);
    expect(required.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
    });
    const optional = await post("tools/call", { name: "slow", arguments: { ms: 60 } }, plain);
    expect(optional.result).toMatchObject({ resultType: "complete", content: [{ text: "slept 60" }] });
    expect(
      (await post("tools/call", { name: "quick", arguments: {}, task: { ttl: 5 } })).result,
    ).toMatchObject({
      resultType: "complete",
    });
  });

  it("shows a task only to the principal that created it", async () => {
    const alice: AuthInfo = { token: "a", clientId: "alice", scopes: [] };
    const bob: AuthInfo = { token: "b", clientId: "bob", scopes: [] };
    const created = await post("tools/call", { name: "slow", arguments: { ms: 100 } }, WITH_TASKS, alice);
    const taskId = String(created.result?.taskId);
    expect((await post("tasks/get", { taskId }, WITH_TASKS, bob)).error).toMatchObject({ code: -32602 });
    expect((await post("tasks/cancel", { taskId }, WITH_TASKS, bob)).error).toMatchObject({ code: -32602 });
    expect((await post("tasks/get", { taskId })).error).toMatchObject({ code: -32602 });
    expect(await settled(taskId, alice)).toMatchObject({ status: "completed" });
  });
});

describe("maxRunningTasks", () => {
  it("keeps a task-capable call plain while every task slot is taken", async () => {
    const limited = createMcpEndpoint(backend, { tasks: { taskAfterMs: 20, maxRunningTasks: 1 } });
    try {
      const call = async (ms: number) => {
        const body = modernRequest(1, "tools/call", { name: "slow", arguments: { ms } }, WITH_TASKS as never);
        const headers = {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          "mcp-protocol-version": "2026-07-28",
          "mcp-method": "tools/call",
          "mcp-name": "slow",
        };
        const request = new Request("http://localhost/mcp", {
          method: "POST",
          headers,
          body: JSON.stringify(body),
        });
        const response = await limited.handleHttp(request, { parsedBody: body });
        const text = await response.text();
        const json = text.startsWith("{")
          ? text
          : (text.split("\n").findLast((l) => l.startsWith("data: ")) ?? "").slice(6);
        return (JSON.parse(json) as Answer).result;
      };
      expect(await call(200)).toMatchObject({ resultType: "task" });
      expect(await call(80)).toMatchObject({ resultType: "complete", content: [{ text: "slept 80" }] });
    } finally {
      await limited.close();
    }
  });
});

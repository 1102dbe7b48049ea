import { randomUUID } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  type CallToolResult,
  CallToolResultSchema,
  ElicitRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, describe, expect, it } from "vitest";
import { createMcpEndpoint } from "../serving/endpoint.js";
import type { BackendRequest } from "../shared/backend.js";
import { createPlainBackend } from "../shared/plain-backend.js";
import { workFor } from "../shared/test-support.js";

const text = (value: string): CallToolResult => ({ content: [{ type: "text", text: value }] });

const signals: AbortSignal[] = [];
const backend = createPlainBackend({
  name: "tasks-2025",
  version: "1.0.0",
  tools: [
    { name: "plain", inputSchema: { type: "object" }, call: () => text("plain") },
    {
      name: "slow",
      inputSchema: { type: "object", properties: { ms: { type: "number" } } },
      execution: { taskSupport: "optional" },
      call: async ({ ms }, request: BackendRequest) => {
        signals.push(request.signal);
        await workFor(Number(ms), request.signal);
        return text(`slept ${ms}`);
      },
    },
    {
      name: "ask",
      inputSchema: { type: "object" },
      execution: { taskSupport: "required" },
      call: async (_args, request: BackendRequest) => {
        const answer = (await request.requestClient?.({
          method: "elicitation/create",
          params: { mode: "form", message: "Name?", requestedSchema: { type: "object", properties: {} } },
        })) as { content?: { name?: string } };
        return text(`hello ${answer.content?.name}`);
      },
    },
  ],
});

const endpoint = createMcpEndpoint(backend, { tasks: { pollIntervalMs: 20 } });
afterAll(() => endpoint.close());

/** A real SDK v1 client on a 2025 session of the endpoint. */
async function connect(): Promise<Client> {
  const server = await endpoint.legacy.createServer();
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  // A session id, as a 2025 HTTP session has: a task belongs to its session.
  serverSide.sessionId = randomUUID();
  await server.connect(serverSide);
  const client = new Client({ name: "v1", version: "0" }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "Ada" } }));
  await client.connect(clientSide);
  return client;
}

describe("2025-11-25 experimental tasks, with the SDK v1 client", () => {
  it("advertises tasks and marks task-capable tools", async () => {
    const client = await connect();
    expect(client.getServerCapabilities()?.tasks).toMatchObject({ requests: { tools: { call: {} } } });
    const { tools } = await client.listTools();
    expect(tools.find((tool) => tool.name === "slow")?.execution).toEqual({ taskSupport: "optional" });
    await client.close();
  });

  it("runs a task end to end: created, polled, its result by tasks/result, listed", async () => {
    const client = await connect();
    const stream = client.experimental.tasks.callToolStream(
      { name: "slow", arguments: { ms: 50 } },
      CallToolResultSchema,
      { task: { ttl: 60_000 } },
    );
    const kinds: string[] = [];
    let result: CallToolResult | undefined;
    let taskId = "";
    for await (const message of stream) {
      kinds.push(message.type);
      if (message.type === "taskCreated") taskId = message.task.taskId;
      if (message.type === "result") result = message.result as CallToolResult;
      if (message.type === "error") throw message.error;
    }
    expect(kinds[0]).toBe("taskCreated");
    expect(result?.content).toEqual([{ type: "text", text: "slept 50" }]);
    expect(await client.experimental.tasks.getTask(taskId)).toMatchObject({
      status: "completed",
      ttl: 60_000,
    });
    const { tasks } = await client.experimental.tasks.listTasks();
    expect(tasks.map((task) => task.taskId)).toContain(taskId);
    await client.close();
  });

  it("delivers a task's question through tasks/result and completes with the answer", async () => {
    const client = await connect();
    const stream = client.experimental.tasks.callToolStream(
      { name: "ask", arguments: {} },
      CallToolResultSchema,
      {
        task: {},
      },
    );
    let result: CallToolResult | undefined;
    for await (const message of stream) {
      if (message.type === "result") result = message.result as CallToolResult;
      if (message.type === "error") throw message.error;
    }
    expect(result?.content).toEqual([{ type: "text", text: "hello Ada" }]);
    await client.close();
  });

  it("cancels a task (its call's signal aborts), refuses a task of another session and a task for a plain tool", async () => {
    const client = await connect();
    const other = await connect();
    const created = await client.request(
      { method: "tools/call", params: { name: "slow", arguments: { ms: 60_000 }, task: {} } },
      (await import("@modelcontextprotocol/sdk/experimental/tasks")).CreateTaskResultSchema,
    );
    const { taskId } = created.task;
    await expect(other.experimental.tasks.getTask(taskId)).rejects.toMatchObject({ code: -32602 });
    await expect(other.experimental.tasks.cancelTask(taskId)).rejects.toMatchObject({ code: -32602 });
    await client.experimental.tasks.cancelTask(taskId);
    expect(signals.at(-1)?.aborted).toBe(true);
    expect(await client.experimental.tasks.getTask(taskId)).toMatchObject({ status: "cancelled" });
    await expect(
      client.request(
        { method: "tools/call", params: { name: "plain", arguments: {}, task: {} } },
        CallToolResultSchema,
      ),
    ).rejects.toMatchObject({ code: -32601 });
    await client.close();
    await other.close();
  });
});

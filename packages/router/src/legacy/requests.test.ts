import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import type { BackendRequest, ClientBoundRequest } from "../shared/backend.js";
import { createPlainBackend } from "../shared/plain-backend.js";
import { type Connection, connect, until } from "../shared/test-support.js";

const sampling: ClientBoundRequest = {
  method: "sampling/createMessage",
  params: { messages: [{ role: "user", content: { type: "text", text: "hi" } }], maxTokens: 100 },
};
const elicitation: ClientBoundRequest = {
  method: "elicitation/create",
  params: {
    message: "who?",
    requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
  },
};

let seen: BackendRequest | undefined;
let aborted = false;
const backend = createPlainBackend({
  name: "req",
  version: "1",
  logging: true,
  tools: [
    {
      name: "ask",
      inputSchema: {
        type: "object",
        properties: { what: { type: "string" }, timeoutMs: { type: "number" }, now: { type: "boolean" } },
      },
      call: async (args, request) => {
        const which = { sampling, elicitation, roots: { method: "roots/list" } as ClientBoundRequest }[
          args.what as "sampling"
        ];
        if (args.now === true)
          return { content: [{ type: "text", text: JSON.stringify(request.requestClientNow?.(which)) }] };
        const timeoutMs = args.timeoutMs as number | undefined;
        const result = await request.requestClient?.(which, timeoutMs ? { timeoutMs } : undefined);
        return { content: [{ type: "text", text: JSON.stringify(result) }] };
      },
    },
    {
      name: "slow",
      inputSchema: { type: "object" },
      call: async (_args, request) => {
        seen = request;
        const token = request.meta?.progressToken as string | number;
        for (let progress = 1; progress <= 3; progress++) {
          await request.notify?.({
            method: "notifications/progress",
            params: { progressToken: token, progress, total: 3 },
          });
        }
        await request.notify?.({
          method: "notifications/message",
          params: { level: "debug", data: "hidden" },
        });
        await request.notify?.({
          method: "notifications/message",
          params: { level: "error", data: "shown" },
        });
        return { content: [{ type: "text", text: "done" }] };
      },
    },
    {
      name: "hang",
      inputSchema: { type: "object" },
      call: (_args, request) =>
        new Promise((_resolve, reject) => {
          request.signal.addEventListener("abort", () => {
            aborted = true;
            reject(new Error("aborted"));
          });
        }),
    },
  ],
});

let connection: Connection;
afterEach(async () => {
  await connection?.close();
  seen = undefined;
  aborted = false;
});

const capable = { capabilities: { sampling: {}, elicitation: { form: {} }, roots: {} } };

describe("server→client requests from a backend", () => {
  it("sends sampling, elicitation and roots requests related to the tool call", async () => {
    connection = await connect(backend, { client: capable });
    const { client } = connection;
    client.setRequestHandler(CreateMessageRequestSchema, () => ({
      role: "assistant",
      content: { type: "text", text: "sampled" },
      model: "m",
    }));
    client.setRequestHandler(ElicitRequestSchema, () => ({ action: "accept", content: { name: "Ada" } }));
    client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [{ uri: "file:///r" }] }));
    const text = async (what: string) =>
      ((await client.callTool({ name: "ask", arguments: { what } })).content as { text: string }[])[0]?.text;
    expect(JSON.parse((await text("sampling")) ?? "")).toMatchObject({ model: "m", role: "assistant" });
    expect(JSON.parse((await text("elicitation")) ?? "")).toEqual({
      action: "accept",
      content: { name: "Ada" },
    });
    expect(JSON.parse((await text("roots")) ?? "")).toEqual({ roots: [{ uri: "file:///r" }] });
    const requests = connection.sent.filter((s) => "method" in s.message && "id" in s.message);
    expect(requests.map((s) => (s.message as { method: string }).method)).toEqual([
      "sampling/createMessage",
      "elicitation/create",
      "roots/list",
    ]);
    for (const request of requests) expect(request.relatedRequestId).toBeDefined();
  });

  it("fails with -32601 naming the capability the client did not declare", async () => {
    connection = await connect(backend);
    const error = (await connection.client
      .callTool({ name: "ask", arguments: { what: "sampling" } })
      .catch((e) => e)) as McpError;
    // The backend let the error through, so the client sees it as the tool call's error.
    expect(error).toBeInstanceOf(McpError);
    expect(error.code).toBe(ErrorCode.MethodNotFound);
    expect(error.message).toContain("did not declare the `sampling` capability");
    expect(error.data).toEqual({ code: "unsupported-operation", capability: "sampling" });
  });

  it("refuses an answer at once (requestClientNow): the client would have to be waited for", async () => {
    connection = await connect(backend, { client: capable });
    const refused = (await connection.client
      .callTool({ name: "ask", arguments: { what: "sampling", now: true } })
      .catch((e) => e)) as McpError;
    expect(refused.code).toBe(ErrorCode.MethodNotFound);
    expect(refused.message).toMatch(/cannot wait for/);
    expect(refused.data).toEqual({ code: "unsupported-operation" });
    // Nothing went to the client.
    expect(connection.sent.filter((s) => "method" in s.message && "id" in s.message)).toEqual([]);
    const bare = await connect(backend);
    try {
      const undeclared = (await bare.client
        .callTool({ name: "ask", arguments: { what: "roots", now: true } })
        .catch((e) => e)) as McpError;
      expect(undeclared.data).toEqual({ code: "unsupported-operation", capability: "roots" });
    } finally {
      await bare.close();
    }
  });

  it("times out a client that does not answer", async () => {
    connection = await connect(backend, { client: capable });
    connection.client.setRequestHandler(CreateMessageRequestSchema, () => new Promise(() => {}));
    const error = await connection.client
      .callTool({ name: "ask", arguments: { what: "sampling", timeoutMs: 20 } })
      .catch((e) => e);
    expect(error.code).toBe(ErrorCode.RequestTimeout);
  });

  it("times out a request to the client after clientRequestTimeoutMs", async () => {
    connection = await connect(backend, { client: capable, server: { clientRequestTimeoutMs: 50 } });
    connection.client.setRequestHandler(CreateMessageRequestSchema, () => new Promise(() => {}));
    const started = Date.now();
    const error = await connection.client
      .callTool({ name: "ask", arguments: { what: "sampling" } })
      .catch((e) => e);
    expect(error.code).toBe(ErrorCode.RequestTimeout);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("holds maxPendingClientRequests: one more request to the client fails at once, the waiting ones go on", async () => {
    connection = await connect(backend, { client: capable, server: { maxPendingClientRequests: 2 } });
    const answers: (() => void)[] = [];
    connection.client.setRequestHandler(
      CreateMessageRequestSchema,
      () =>
        new Promise((resolve) => {
          answers.push(() =>
            resolve({ role: "assistant", content: { type: "text", text: "ok" }, model: "m" }),
          );
        }),
    );
    const client = (connection as Connection).client;
    const ask = () => client.callTool({ name: "ask", arguments: { what: "sampling" } });
    const waiting = [ask(), ask()];
    await until(() => answers.length === 2);
    const refused = (await ask().catch((e) => e)) as McpError;
    expect(refused).toBeInstanceOf(McpError);
    expect(refused.code).toBe(-32000);
    expect(refused.message).toMatch(
      /2 are already waiting for an answer in this session \(maxPendingClientRequests\)/,
    );
    expect(answers.length).toBe(2); // the refused one never reached the client
    for (const answer of answers) answer();
    for (const result of await Promise.all(waiting)) expect(JSON.stringify(result)).toContain("ok");
    // Answered, they no longer count.
    const again = ask();
    await until(() => answers.length === 3);
    answers[2]?.();
    expect(JSON.stringify(await again)).toContain("ok");
  });

  it("rejects an elicitation answer that breaks the requested schema", async () => {
    connection = await connect(backend, { client: capable });
    connection.client.setRequestHandler(ElicitRequestSchema, () => ({
      action: "accept",
      content: { age: 3 },
    }));
    const error = await connection.client
      .callTool({ name: "ask", arguments: { what: "elicitation" } })
      .catch((e) => e);
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect(error.message).toMatch(/does not match the requested schema/);
  });
});

describe("request context", () => {
  it("passes progress and filtered log notifications through, related to the request", async () => {
    connection = await connect(backend, { client: capable });
    await connection.client.setLoggingLevel("info");
    const progress: number[] = [];
    const logs: unknown[] = [];
    connection.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.push(n.params.data);
    });
    await connection.client.callTool({ name: "slow", arguments: {} }, undefined, {
      onprogress: (p) => progress.push(p.progress),
    });
    expect(progress).toEqual([1, 2, 3]);
    await until(() => logs.length === 1);
    expect(logs).toEqual(["shown"]);
    const notes = connection.sent.filter((s) => "method" in s.message && !("id" in s.message));
    expect(notes.length).toBe(4);
    for (const note of notes) expect(note.relatedRequestId).toBe(seen?.requestId);
    expect(seen?.clientCapabilities).toEqual(capable.capabilities);
  });

  it("aborts the backend's signal when the client cancels", async () => {
    connection = await connect(backend);
    const controller = new AbortController();
    const call = connection.client.callTool({ name: "hang", arguments: {} }, undefined, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort("changed my mind"), 10);
    await expect(call).rejects.toThrow();
    await until(() => aborted);
    const responses = connection.sent.filter((s) => "id" in s.message && !("method" in s.message));
    // initialize only: a cancelled request gets no response.
    expect(responses).toHaveLength(1);
  });
});

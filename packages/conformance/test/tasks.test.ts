// MCP tasks with the everything component served by a real `mcp-compositor serve --transport http`
// process (one instance: the default pool size), over real sockets: an SDK v1 client runs a
// 2025-11-25 experimental task end to end; a 2026-07-28 task outlives the connection that started
// it; a cancelled task frees the instance its call held.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type CallToolResult, CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { modernHeaders, modernRequest } from "@wasi-mcp/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Endpoint, serveEverything } from "../src/wires.js";

const TASKS = "io.modelcontextprotocol/tasks";
type Json = Record<string, unknown>;

let endpoint: Endpoint;
beforeAll(async () => {
  endpoint = await serveEverything("http");
}, 120_000);
afterAll(() => endpoint?.close());

/** One 2026 request on a connection of its own (`Connection: close`), declaring the tasks extension. */
async function post(method: string, params: Json): Promise<{ result?: Json; error?: Json }> {
  const body = modernRequest(1, method, params, {
    capabilities: { elicitation: {}, extensions: { [TASKS]: {} } },
  });
  const response = await fetch(endpoint.url, {
    method: "POST",
    headers: { ...modernHeaders(body), connection: "close" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const json = text.trimStart().startsWith("{")
    ? text
    : (text.split("\n").findLast((line) => line.startsWith("data: ")) ?? "data: {}").slice(6);
  return JSON.parse(json) as { result?: Json; error?: Json };
}

async function until(taskId: string, done: (task: Json) => boolean): Promise<Json> {
  for (;;) {
    const { result } = await post("tasks/get", { taskId });
    if (result && done(result)) return result;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("tasks with the everything component over Streamable HTTP", () => {
  it("runs a 2025-11-25 task end to end with the SDK v1 client (experimental tasks)", async () => {
    const client = new Client({ name: "v1", version: "0" });
    await client.connect(new StreamableHTTPClientTransport(endpoint.url));
    const slow = (await client.listTools()).tools.find((tool) => tool.name === "slow_compute");
    expect(slow?.execution).toEqual({ taskSupport: "optional" });
    const kinds: string[] = [];
    let result: CallToolResult | undefined;
    for await (const message of client.experimental.tasks.callToolStream(
      { name: "slow_compute", arguments: { seconds: 1, label: "v1" } },
      CallToolResultSchema,
      { task: { ttl: 60_000 } },
    )) {
      kinds.push(message.type);
      if (message.type === "result") result = message.result as CallToolResult;
      if (message.type === "error") throw message.error;
    }
    expect(kinds[0]).toBe("taskCreated");
    expect(result?.content).toEqual([{ type: "text", text: "Computed v1 after 1 s" }]);
    await client.close();
  }, 60_000);

  it("keeps a 2026 task after the connection that started it closed: a new connection gets its result", async () => {
    const created = await post("tools/call", {
      name: "slow_compute",
      arguments: { seconds: 2, label: "later" },
    });
    expect(created.result).toMatchObject({ resultType: "task", status: "working" });
    const taskId = String(created.result?.taskId);
    const done = await until(taskId, (task) => task.status !== "working");
    expect(done).toMatchObject({
      status: "completed",
      result: { content: [{ text: "Computed later after 2 s" }] },
    });
  }, 60_000);

  it("frees the instance of a cancelled task: the next plain call is served at once", async () => {
    const created = await post("tools/call", { name: "slow_compute", arguments: { seconds: 300 } });
    const taskId = String(created.result?.taskId);
    expect(created.result).toMatchObject({ resultType: "task" });
    expect((await post("tasks/cancel", { taskId })).result).toMatchObject({ resultType: "complete" });
    expect((await post("tasks/get", { taskId })).result).toMatchObject({ status: "cancelled" });
    // One instance: had the cancelled call kept it, this call would wait for the 30 s call
    // deadline, past this test's timeout.
    const greeted = await post("tools/call", { name: "greet", arguments: { name: "again" } });
    expect(greeted.result).toMatchObject({ content: [{ type: "text", text: "Hello, again!" }] });
  }, 25_000);
});

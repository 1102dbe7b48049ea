// The server-stateless diagnostic tools (src/stateless-diagnostics.ts) on both revisions: on
// 2025-11-25 through the SDK v1 Client, on 2026-07-28 through the router's 2026 face, where the
// host's rules are what they show (-32021, input_required, logs only when asked for).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  LoggingMessageNotificationSchema,
  PromptListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { createMcpHandler, LOG_LEVEL_META_KEY } from "@modelcontextprotocol/server";
import { type LoadedComponent, loadComponent } from "@wasi-mcp/host";
import { createModernMcpServer, modernHeaders, modernRequest } from "@wasi-mcp/router";
import { type Connected, connectComponent } from "@wasi-mcp/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const wasm = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "everything.wasm");
type Json = Record<string, unknown>;

describe("server-stateless diagnostic tools on 2025-11-25 (SDK v1 Client)", () => {
  let c: Connected;
  const logs: string[] = [];
  const changes: string[] = [];
  beforeAll(async () => {
    c = await connectComponent(wasm, {
      setup: (client) => {
        client.setNotificationHandler(
          LoggingMessageNotificationSchema,
          (n) => void logs.push(n.params.level),
        );
        client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changes.push("tools"));
        client.setNotificationHandler(
          PromptListChangedNotificationSchema,
          () => void changes.push("prompts"),
        );
      },
    });
  });
  afterAll(() => c?.close());

  const call = (name: string) => c.client.callTool({ name, arguments: {} });

  it("test_missing_capability says so when the client offers no sampling (a tool error on 2025)", async () => {
    expect(await call("test_missing_capability")).toEqual({
      content: [
        {
          type: "text",
          // The router's refusal, for both eras (ADR 0010 item 3).
          text: "Sampling not supported or error: Client does not support sampling/createMessage: the client did not declare the `sampling` capability",
        },
      ],
      isError: true,
    });
  });

  it("test_logging_tool logs what the session's logging/setLevel lets through", async () => {
    await c.client.setLoggingLevel("info");
    expect((await call("test_logging_tool")).content).toEqual([
      { type: "text", text: "Logged 3 messages (debug, info, warning)" },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logs).toEqual(["info", "warning"]);
  });

  it("the trigger tools each register one more tool or prompt, with list_changed", async () => {
    expect((await call("test_trigger_tool_change")).content).toEqual([
      { type: "text", text: "Registered tool test_dynamic_tool_1" },
    ]);
    expect((await call("test_trigger_prompt_change")).content).toEqual([
      { type: "text", text: "Registered prompt test_dynamic_prompt_1" },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(changes).toEqual(["tools", "prompts"]);
    const { tools } = await c.client.listTools();
    expect(tools.at(-1)?.name).toBe("test_dynamic_tool_1");
    expect((await call("test_dynamic_tool_1")).content).toEqual([
      { type: "text", text: "test_dynamic_tool_1 called" },
    ]);
    const prompt = await c.client.getPrompt({ name: "test_dynamic_prompt_1" });
    expect(prompt.messages).toEqual([
      { role: "user", content: { type: "text", text: "test_dynamic_prompt_1 says hello" } },
    ]);
  });

  it("stops at 32 extra tools per instance, with an error result", async () => {
    for (let n = 2; n <= 32; n++) await call("test_trigger_tool_change");
    expect(await call("test_trigger_tool_change")).toMatchObject({
      content: [
        {
          type: "text",
          text: expect.stringMatching(/^No more dynamic tools: this instance registered its 32/),
        },
      ],
      isError: true,
    });
    expect(
      (await c.client.listTools()).tools.filter((t) => t.name.startsWith("test_dynamic_tool_")),
    ).toHaveLength(32);
  });
});

describe("server-stateless diagnostic tools on 2026-07-28 (the router's 2026 face)", () => {
  let component: LoadedComponent | undefined;
  let handler: ReturnType<typeof createMcpHandler>;
  beforeAll(async () => {
    component = await loadComponent(wasm);
    const backend = component.backend;
    handler = createMcpHandler(() => createModernMcpServer(backend), { legacy: "reject" });
  });
  afterAll(() => component?.close());

  /** Calls a tool; returns the HTTP status and every JSON-RPC message of the answer. */
  async function call(name: string, capabilities: Json, meta: Json = {}) {
    const body = modernRequest(
      1,
      "tools/call",
      { name, arguments: {} },
      { clientInfo: { name: "test", version: "0" }, capabilities, extra: meta },
    );
    const response = await handler.fetch(
      new Request("http://localhost/mcp", {
        method: "POST",
        headers: modernHeaders(body),
        body: JSON.stringify(body),
      }),
    );
    const text = await response.text();
    const messages = (response.headers.get("content-type") ?? "").includes("text/event-stream")
      ? text
          .split("\n")
          .filter((line) => line.startsWith("data:") && line.length > 5)
          .map((line) => JSON.parse(line.slice(5)) as Json)
      : [JSON.parse(text) as Json];
    return { status: response.status, messages, last: messages.at(-1) as Json };
  }

  it("test_missing_capability: -32021 naming sampling, HTTP 400, for a request without sampling", async () => {
    const { status, last } = await call("test_missing_capability", {});
    expect(status).toBe(400);
    expect(last).toMatchObject({ error: { code: -32021, data: { requiredCapabilities: { sampling: {} } } } });
  });

  it("test_streaming_elicitation: only notifications and the input_required result, no request", async () => {
    const { messages, last } = await call("test_streaming_elicitation", { elicitation: {} });
    expect(last).toMatchObject({
      result: { resultType: "input_required", inputRequests: { "0": { method: "elicitation/create" } } },
    });
    expect(messages.filter((m) => "method" in m && !String(m.method).startsWith("notifications/"))).toEqual(
      [],
    );
  });

  it("test_logging_tool: no logs without a log level in _meta, those at or above it with one", async () => {
    const levels = (messages: Json[]) =>
      messages.filter((m) => m.method === "notifications/message").map((m) => (m.params as Json).level);
    const quiet = await call("test_logging_tool", {});
    expect(levels(quiet.messages)).toEqual([]);
    expect(quiet.last).toMatchObject({
      result: { content: [{ text: "Logged 3 messages (debug, info, warning)" }] },
    });
    expect(levels((await call("test_logging_tool", {}, { [LOG_LEVEL_META_KEY]: "info" })).messages)).toEqual([
      "info",
      "warning",
    ]);
  });
});

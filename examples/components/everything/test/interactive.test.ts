// Features where the component talks back to the client during a call: progress, logging,
// sampling, elicitation; plus completion and subscriptions.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { type Connected, connectComponent as connect } from "@wasi-mcp/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const wasm = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "everything.wasm");

describe("everything component: client interaction (SDK Client with sampling and elicitation)", () => {
  let c: Connected;
  const sampled: unknown[] = [];
  const elicited: Array<{ message: string; requestedSchema: unknown }> = [];
  const logs: Array<{ level: string; data: unknown }> = [];
  const updated: string[] = [];
  let rootsAsked = 0;

  beforeAll(async () => {
    c = await connect(wasm, {
      client: { capabilities: { sampling: {}, elicitation: {}, roots: {} } },
      setup(client) {
        client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
          sampled.push(request.params);
          return {
            role: "assistant",
            content: { type: "text", text: "This is a test response from the client" },
            model: "test-model",
            stopReason: "endTurn",
          };
        });
        client.setRequestHandler(ElicitRequestSchema, async (request) => {
          elicited.push(request.params as { message: string; requestedSchema: unknown });
          const wanted = (request.params as { requestedSchema?: { required?: string[] } }).requestedSchema;
          if (wanted?.required?.includes("name")) return { action: "accept", content: { name: "Alice" } };
          return { action: "accept", content: { username: "testuser", email: "test@example.com" } };
        });
        client.setRequestHandler(ListRootsRequestSchema, async () => {
          rootsAsked++;
          return { roots: [{ uri: "file:///work", name: "work" }] };
        });
        client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
          logs.push({ level: n.params.level, data: n.params.data });
        });
        client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
          updated.push(n.params.uri);
        });
      },
    });
  });
  afterAll(() => c?.close());

  it("asks a 2025-11-25 client elicitation, sampling and roots at once as real requests (request-input)", async () => {
    const before = { sampled: sampled.length, elicited: elicited.length, roots: rootsAsked };
    const result = await c.client.callTool({
      name: "test_input_required_result_multiple_inputs",
      arguments: {},
    });
    expect(result.content).toEqual([
      { type: "text", text: "This is a test response from the client (for Alice; roots: work)" },
    ]);
    expect([
      sampled.length - before.sampled,
      elicited.length - before.elicited,
      rootsAsked - before.roots,
    ]).toEqual([1, 1, 1]);
  });

  it("asks a 2025-11-25 client for its roots (request-roots)", async () => {
    const result = await c.client.callTool({ name: "test_input_required_result_list_roots", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: "Roots: work" }]);
  });

  it("reports non-decreasing progress against the client's token", async () => {
    const progress: number[] = [];
    const result = await c.client.callTool({ name: "test_tool_with_progress", arguments: {} }, undefined, {
      onprogress: (p) => {
        progress.push(p.progress);
      },
    });
    expect(progress).toEqual([0, 50, 100]);
    expect(result.content).toEqual([{ type: "text", text: expect.any(String) }]);
  });

  it("sends three log notifications during test_tool_with_logging", async () => {
    await c.client.setLoggingLevel("debug");
    logs.length = 0;
    await c.client.callTool({ name: "test_tool_with_logging", arguments: {} });
    expect(logs.filter((l) => l.level === "info").length).toBeGreaterThanOrEqual(3);
  });

  it("asks the client to sample and returns its answer", async () => {
    const result = await c.client.callTool({ name: "test_sampling", arguments: { prompt: "What is 2+2?" } });
    expect(sampled.at(-1)).toMatchObject({
      messages: [{ role: "user", content: { type: "text", text: "What is 2+2?" } }],
      maxTokens: 100,
    });
    expect(result.content).toEqual([
      { type: "text", text: "LLM response: This is a test response from the client" },
    ]);
  });

  it("elicits from the user and returns the answer", async () => {
    const result = await c.client.callTool({
      name: "test_elicitation",
      arguments: { message: "Your name?" },
    });
    expect(elicited.at(-1)?.message).toBe("Your name?");
    expect(result.content).toEqual([
      {
        type: "text",
        text: 'User response: action=accept, content={"username":"testuser","email":"test@example.com"}',
      },
    ]);
  });

  it("elicits with SEP-1034 defaults and SEP-1330 enum schemas", async () => {
    await c.client.callTool({ name: "test_elicitation_sep1034_defaults", arguments: {} });
    expect(elicited.at(-1)?.requestedSchema).toMatchObject({
      properties: {
        name: { type: "string", default: "John Doe" },
        age: { type: "integer", default: 30 },
        score: { type: "number", default: 95.5 },
        status: { type: "string", enum: ["active", "inactive", "pending"], default: "active" },
        verified: { type: "boolean", default: true },
      },
    });
    await c.client.callTool({ name: "test_elicitation_sep1330_enums", arguments: {} });
    const enums = elicited.at(-1)?.requestedSchema as { properties: Record<string, Record<string, unknown>> };
    expect(Object.keys(enums.properties)).toEqual([
      "untitledSingle",
      "titledSingle",
      "legacyEnum",
      "untitledMulti",
      "titledMulti",
    ]);
    expect(enums.properties.legacyEnum).toMatchObject({
      enumNames: ["Option One", "Option Two", "Option Three"],
    });
    expect(enums.properties.titledMulti).toMatchObject({
      items: { anyOf: [{ const: "value1", title: "First Choice" }, {}, {}] },
    });
  });

  it("completes prompt arguments and template variables", async () => {
    expect(c.client.getServerCapabilities()?.completions).toBeDefined();
    const prompt = await c.client.complete({
      ref: { type: "ref/prompt", name: "test_prompt_with_arguments" },
      argument: { name: "arg1", value: "test" },
    });
    expect(prompt.completion.values).toEqual(["test", "testing", "tested"]);
    const template = await c.client.complete({
      ref: { type: "ref/resource", uri: "test://template/{id}/data" },
      argument: { name: "id", value: "4" },
    });
    expect(template.completion.values).toEqual(["456"]);
  });

  it("subscribes to the watched resource, is notified of an update, and unsubscribes", async () => {
    expect(c.client.getServerCapabilities()?.resources?.subscribe).toBe(true);
    await c.client.subscribeResource({ uri: "test://watched-resource" });
    const result = await c.client.callTool({
      name: "update_watched_resource",
      arguments: { content: "new" },
    });
    expect(result.content).toEqual([
      { type: "text", text: "Updated test://watched-resource and notified subscribers" },
    ]);
    await expect.poll(() => updated).toEqual(["test://watched-resource"]);
    expect((await c.client.readResource({ uri: "test://watched-resource" })).contents).toMatchObject([
      { text: "new" },
    ]);
    await c.client.unsubscribeResource({ uri: "test://watched-resource" });
    await c.client.callTool({ name: "update_watched_resource", arguments: { content: "newer" } });
    expect(updated).toEqual(["test://watched-resource"]);
  });
});

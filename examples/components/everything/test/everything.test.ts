import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { type Connected, connectComponent as connect } from "@wasi-mcp/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const wasm = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "everything.wasm");
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
const WAV = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=";

describe("everything component through the host (SDK Client, in memory)", () => {
  let c: Connected;
  beforeAll(async () => {
    c = await connect(wasm);
  });
  afterAll(() => c?.close());

  it("initializes with its identity and the capabilities it declares", () => {
    expect(c.client.getServerVersion()).toMatchObject({ name: "everything", version: "0.1.0" });
    expect(c.client.getServerCapabilities()).toMatchObject({
      tools: {},
      resources: {},
      prompts: {},
      logging: {},
    });
  });

  it("lists every conformance tool, each with a description and an object input schema", async () => {
    const { tools } = await c.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      [
        "json_schema_2020_12_tool",
        "test_audio_content",
        "test_elicitation",
        "test_elicitation_sep1034_defaults",
        "test_elicitation_sep1330_enums",
        "test_embedded_resource",
        "test_error_handling",
        "test_image_content",
        "test_input_required_result_capabilities",
        "test_input_required_result_elicitation",
        "test_input_required_result_list_roots",
        "test_input_required_result_multi_round",
        "test_input_required_result_multiple_inputs",
        "test_input_required_result_request_state",
        "test_input_required_result_sampling",
        "test_input_required_result_tampered_state",
        "test_multiple_content_types",
        "test_reconnection",
        "test_sampling",
        "test_simple_text",
        "test_tool_with_logging",
        "test_tool_with_progress",
        "update_watched_resource",
        "test_missing_capability",
        "test_streaming_elicitation",
        "test_logging_tool",
        "test_trigger_tool_change",
        "test_trigger_prompt_change",
        "test_custom_header",
        "greet",
        "slow_compute",
        "failing_job",
        "protocol_error_job",
        "confirm_delete",
        "multi_input",
        "test_tool_with_task",
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.description, tool.name).toBeTruthy();
      expect(tool.inputSchema.type, tool.name).toBe("object");
    }
  });

  it("keeps the JSON Schema 2020-12 keywords of json_schema_2020_12_tool", async () => {
    const { tools } = await c.client.listTools();
    const schema = tools.find((t) => t.name === "json_schema_2020_12_tool")?.inputSchema as Record<
      string,
      unknown
    >;
    expect(schema).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $defs: { address: { $anchor: "addressDef", type: "object" } },
      allOf: [{ anyOf: [{ required: ["phone"] }, { required: ["email"] }] }],
      if: { required: ["contactMethod"] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's conditional keyword, not a thenable
      then: { required: ["phone"] },
      else: { required: ["email"] },
      additionalProperties: false,
    });
    const args = { name: "Ada", email: "ada@example.com" };
    const result = await c.client.callTool({ name: "json_schema_2020_12_tool", arguments: args });
    expect(result.content).toEqual([
      { type: "text", text: `JSON Schema 2020-12 tool called with: ${JSON.stringify(args)}` },
    ]);
    // The host validates with every keyword: neither phone nor email, or phone chosen without one.
    await expect(
      c.client.callTool({ name: "json_schema_2020_12_tool", arguments: { name: "Ada" } }),
    ).rejects.toMatchObject({ code: -32602 });
    await expect(
      c.client.callTool({
        name: "json_schema_2020_12_tool",
        arguments: { contactMethod: "phone", email: "ada@example.com" },
      }),
    ).rejects.toMatchObject({ code: -32602 });
  });

  it("test_simple_text answers text", async () => {
    expect(await c.client.callTool({ name: "test_simple_text", arguments: {} })).toEqual({
      content: [{ type: "text", text: "This is a simple text response for testing." }],
    });
  });

  it("test_image_content and test_audio_content answer the test media", async () => {
    expect((await c.client.callTool({ name: "test_image_content", arguments: {} })).content).toEqual([
      { type: "image", data: PNG, mimeType: "image/png" },
    ]);
    expect((await c.client.callTool({ name: "test_audio_content", arguments: {} })).content).toEqual([
      { type: "audio", data: WAV, mimeType: "audio/wav" },
    ]);
  });

  it("test_embedded_resource and test_multiple_content_types embed resources", async () => {
    expect((await c.client.callTool({ name: "test_embedded_resource", arguments: {} })).content).toEqual([
      {
        type: "resource",
        resource: {
          uri: "test://embedded-resource",
          mimeType: "text/plain",
          text: "This is an embedded resource content.",
        },
      },
    ]);
    expect((await c.client.callTool({ name: "test_multiple_content_types", arguments: {} })).content).toEqual(
      [
        { type: "text", text: "Multiple content types test:" },
        { type: "image", data: PNG, mimeType: "image/png" },
        {
          type: "resource",
          resource: {
            uri: "test://mixed-content-resource",
            mimeType: "application/json",
            text: '{"test":"data","value":123}',
          },
        },
      ],
    );
  });

  it("test_error_handling answers an error result, not a protocol error", async () => {
    expect(await c.client.callTool({ name: "test_error_handling", arguments: {} })).toEqual({
      content: [{ type: "text", text: "This tool intentionally returns an error for testing" }],
      isError: true,
    });
  });

  it("async tools finish: logging, progress without a token, reconnection", async () => {
    expect((await c.client.callTool({ name: "test_tool_with_logging", arguments: {} })).content).toEqual([
      { type: "text", text: "Tool with logging executed successfully" },
    ]);
    expect((await c.client.callTool({ name: "test_tool_with_progress", arguments: {} })).content).toEqual([
      { type: "text", text: "no-progress-token" },
    ]);
    expect((await c.client.callTool({ name: "test_reconnection", arguments: {} })).content).toMatchObject([
      { type: "text", text: expect.stringMatching(/^Reconnection test completed successfully/) },
    ]);
  });

  it("sampling and elicitation tools say so when the client offers neither", async () => {
    expect((await c.client.callTool({ name: "test_sampling", arguments: { prompt: "hi" } })).content).toEqual(
      [{ type: "text", text: expect.stringMatching(/^Sampling not supported or error: .*sampling/) }],
    );
    expect(
      (await c.client.callTool({ name: "test_elicitation", arguments: { message: "hi" } })).content,
    ).toEqual([
      { type: "text", text: expect.stringMatching(/^Elicitation not supported or error: .*elicitation/) },
    ]);
  });

  it("rejects arguments that do not match the input schema, and unknown tools", async () => {
    await expect(c.client.callTool({ name: "test_sampling", arguments: {} })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
    await expect(c.client.callTool({ name: "no_such_tool", arguments: {} })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
  });

  it("lists and reads the static resources", async () => {
    const { resources } = await c.client.listResources();
    expect(resources.map((r) => r.uri)).toEqual([
      "test://static-text",
      "test://static-binary",
      "test://watched-resource",
    ]);
    for (const r of resources) expect(r.name).toBeTruthy();
    const staticText = await c.client.readResource({ uri: "test://static-text" });
    expect(staticText.contents).toEqual([
      {
        uri: "test://static-text",
        mimeType: "text/plain",
        text: "This is the content of the static text resource.",
      },
    ]);
    // Its cache hint is for 2026-07-28 clients only: a 2025-11-25 result has no cache fields.
    expect(staticText).not.toHaveProperty("ttlMs");
    expect(staticText).not.toHaveProperty("cacheScope");
    expect((await c.client.readResource({ uri: "test://static-binary" })).contents).toEqual([
      { uri: "test://static-binary", mimeType: "image/png", blob: PNG },
    ]);
    expect((await c.client.readResource({ uri: "test://watched-resource" })).contents).toMatchObject([
      { text: "Watched resource content" },
    ]);
  });

  it("lists the template and reads a URI through it", async () => {
    expect((await c.client.listResourceTemplates()).resourceTemplates).toEqual([
      {
        uriTemplate: "test://template/{id}/data",
        name: "template",
        title: "Resource Template",
        description: "A resource template with parameter substitution",
        mimeType: "application/json",
      },
    ]);
    const { contents } = await c.client.readResource({ uri: "test://template/123/data" });
    expect(contents).toEqual([
      {
        uri: "test://template/123/data",
        mimeType: "application/json",
        text: JSON.stringify({ id: "123", templateTest: true, data: "Data for ID: 123" }),
      },
    ]);
  });

  it("answers resource-not-found (-32002) for an unknown URI", async () => {
    await expect(c.client.readResource({ uri: "test://nothing" })).rejects.toMatchObject({ code: -32002 });
  });

  it("lists the prompts and gets each", async () => {
    const { prompts } = await c.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual([
      "test_simple_prompt",
      "test_prompt_with_arguments",
      "test_prompt_with_embedded_resource",
      "test_prompt_with_image",
      "test_input_required_result_prompt",
    ]);
    for (const p of prompts) expect(p.description).toBeTruthy();
    expect((await c.client.getPrompt({ name: "test_simple_prompt" })).messages).toEqual([
      { role: "user", content: { type: "text", text: "This is a simple prompt for testing." } },
    ]);
    expect(
      (await c.client.getPrompt({ name: "test_prompt_with_arguments", arguments: { arg1: "a", arg2: "b" } }))
        .messages,
    ).toEqual([
      { role: "user", content: { type: "text", text: "Prompt with arguments: arg1='a', arg2='b'" } },
    ]);
    const embedded = await c.client.getPrompt({
      name: "test_prompt_with_embedded_resource",
      arguments: { resourceUri: "test://x" },
    });
    expect(embedded.messages[0]?.content).toEqual({
      type: "resource",
      resource: { uri: "test://x", mimeType: "text/plain", text: "Embedded resource content for testing." },
    });
    const image = await c.client.getPrompt({ name: "test_prompt_with_image" });
    expect(image.messages[0]?.content).toEqual({ type: "image", data: PNG, mimeType: "image/png" });
  });

  it("refuses a prompt call that misses a required argument", async () => {
    await expect(
      c.client.getPrompt({ name: "test_prompt_with_arguments", arguments: { arg1: "a" } }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
  });
});

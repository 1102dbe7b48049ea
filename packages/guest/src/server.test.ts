import { describe, expect, it } from "vitest";
import { z } from "zod";
import { image, text } from "./content.js";
import { prompt, resource, resourceTemplate, tool } from "./definitions.js";
import { McpError } from "./errors.js";
import { fakeRuntime, settle, witContext } from "./fake-runtime.test-helper.js";
import { createServer } from "./server.js";

const add = tool({
  name: "add",
  description: "Adds",
  input: {
    type: "object",
    properties: { a: { type: "number" }, b: { type: "number" } },
    required: ["a", "b"],
  },
  output: { type: "object", properties: { sum: { type: "number" } }, required: ["sum"] },
  handler: ({ a, b }) => ({ sum: a + b }),
});

describe("createServer: run", () => {
  it("registers the server, its definitions and then serves, in that order", () => {
    const runtime = fakeRuntime();
    const { run } = createServer(
      {
        name: "demo",
        version: "1.2.3",
        instructions: "hi",
        tools: [add],
        resources: [resource({ uri: "demo://a", name: "a", size: 3, handler: () => "abc" })],
        resourceTemplates: [resourceTemplate({ uriTemplate: "demo://t/{id}", name: "t", handler: () => "" })],
        prompts: [prompt({ name: "p", arguments: [{ name: "x", required: true }], handler: () => "" })],
        subscribe: () => {},
      },
      runtime,
    );
    expect(runtime.calls).toEqual([]);
    run.run();
    expect(runtime.calls.map((c) => c.name)).toEqual([
      "registerServer",
      "registerTools",
      "registerResources",
      "registerResourceTemplates",
      "registerPrompts",
      "serve",
    ]);
    expect(runtime.calls[0]?.args[0]).toEqual({
      name: "demo",
      version: "1.2.3",
      title: undefined,
      instructions: "hi",
      capabilities: {
        tools: { listChanged: false },
        resources: { subscribe: true, listChanged: false },
        prompts: { listChanged: false },
        logging: true,
        completions: false,
      },
    });
    const [tools] = runtime.calls[1]!.args as [Array<{ inputSchema: string; outputSchema: string }>];
    expect(JSON.parse(tools[0]?.inputSchema ?? "")).toMatchObject({ required: ["a", "b"] });
    expect(JSON.parse(tools[0]?.outputSchema ?? "")).toMatchObject({ required: ["sum"] });
    expect(runtime.calls[2]?.args[0]).toMatchObject([{ uri: "demo://a", size: 3n }]);
    expect(runtime.calls[4]?.args[0]).toMatchObject([
      { name: "p", arguments: [{ name: "x", required: true }] },
    ]);
  });

  it("declares a tool's task support after registering it, and only where it is not forbidden", () => {
    const runtime = fakeRuntime();
    const job = tool({ name: "job", task: "optional", handler: () => "done" });
    const never = tool({ name: "never", task: "forbidden", handler: () => "" });
    const { run } = createServer({ name: "demo", version: "1", tools: [add, job, never] }, runtime);
    run.run();
    const names = runtime.calls.map((c) => c.name);
    expect(runtime.calls.filter((c) => c.name === "setTaskSupport").map((c) => c.args)).toEqual([
      ["job", "optional"],
    ]);
    expect(names.indexOf("setTaskSupport")).toBeGreaterThan(names.indexOf("registerTools"));
  });

  it("publishes a zod schema as JSON Schema", () => {
    const runtime = fakeRuntime();
    const echo = tool({ name: "e", input: z.object({ s: z.string() }), handler: ({ s }) => s });
    createServer({ name: "z", version: "0", tools: [echo] }, runtime).run.run();
    const [tools] = runtime.calls[1]!.args as [Array<{ inputSchema: string }>];
    expect(JSON.parse(tools[0]?.inputSchema ?? "")).toMatchObject({
      type: "object",
      properties: { s: { type: "string" } },
      required: ["s"],
    });
  });
});

describe("createServer: callTool", () => {
  const call = (t: ReturnType<typeof tool>, args: unknown, runtime = fakeRuntime()) => {
    const { run, handlers } = createServer({ name: "t", version: "0", tools: [t] }, runtime);
    run.run();
    return settle(() => handlers.callTool(witContext(), t.name, JSON.stringify(args)));
  };

  it("turns a string into one text block", async () => {
    expect(await call(tool({ name: "s", handler: () => "hi" }), {})).toEqual({
      ok: { content: [{ tag: "text", val: { text: "hi" } }], isError: false },
    });
  });

  it("sends a structured value as structured content and as JSON text", async () => {
    expect(await call(add, { a: 2, b: 3 })).toEqual({
      ok: {
        content: [{ tag: "text", val: { text: '{"sum":5}' } }],
        structuredContent: '{"sum":5}',
        isError: false,
      },
    });
  });

  it("converts content lists, base64 images and embedded resources", async () => {
    const mixed = tool({
      name: "m",
      handler: () => [
        text("a"),
        image("AQID", "image/png"),
        { type: "resource", resource: { uri: "x://y", mimeType: "text/plain", text: "z" } },
      ],
    });
    const result = (await call(mixed, {})) as { ok: { content: unknown[] } };
    expect(result.ok.content).toEqual([
      { tag: "text", val: { text: "a", annotations: undefined } },
      {
        tag: "image",
        val: { data: new Uint8Array([1, 2, 3]), mimeType: "image/png", annotations: undefined },
      },
      {
        tag: "embedded-resource",
        val: { resource: { tag: "text", val: { uri: "x://y", mimeType: "text/plain", text: "z" } } },
      },
    ]);
  });

  it("awaits async handlers", async () => {
    const slow = tool({
      name: "slow",
      handler: async () => {
        await Promise.resolve();
        return "later";
      },
    });
    expect(await call(slow, {})).toMatchObject({ ok: { content: [{ val: { text: "later" } }] } });
  });

  it("reports an ordinary exception as an error result the model sees", async () => {
    const broken = tool({
      name: "b",
      handler: async () => {
        throw new Error("disk on fire");
      },
    });
    expect(await call(broken, {})).toEqual({
      ok: { content: [{ tag: "text", val: { text: "disk on fire" } }], isError: true },
    });
  });

  it("throws an McpError as the WIT error record (a protocol error)", async () => {
    const strict = tool({
      name: "s",
      handler: () => {
        throw new McpError("invalid-params", "no", { why: 1 });
      },
    });
    expect(await call(strict, {})).toEqual({
      err: { code: "invalid-params", message: "no", data: '{"why":1}' },
    });
  });

  it("validates with a zod schema and hands the parsed value over", async () => {
    const typed = tool({
      name: "z",
      input: z.object({ n: z.number().int(), label: z.string().default("none") }),
      handler: ({ n, label }) => `${n * 2} ${label}`,
    });
    expect(await call(typed, { n: 4 })).toMatchObject({ ok: { content: [{ val: { text: "8 none" } }] } });
    expect(await call(typed, { n: 1.5 })).toEqual({
      err: expect.objectContaining({
        code: "invalid-params",
        message: expect.stringMatching(/^Invalid arguments.*n:/),
      }),
    });
  });

  it("answers an unknown tool with invalid-params", async () => {
    const { run, handlers } = createServer({ name: "t", version: "0", tools: [add] }, fakeRuntime());
    run.run();
    expect(await settle(() => handlers.callTool(witContext(), "nope", "{}"))).toEqual({
      err: { code: "invalid-params", message: "Unknown tool: nope" },
    });
  });
});

describe("createServer: resources, prompts, completion, subscriptions", () => {
  const runtime = fakeRuntime();
  const updates: string[] = [];
  const { run, handlers } = createServer(
    {
      name: "r",
      version: "0",
      resources: [
        resource({ uri: "r://text", name: "t", mimeType: "text/plain", handler: () => "hello" }),
        resource({ uri: "r://bin", name: "b", mimeType: "image/png", handler: () => new Uint8Array([9]) }),
      ],
      resourceTemplates: [
        resourceTemplate({
          uriTemplate: "r://items/{id}/data",
          name: "item",
          mimeType: "application/json",
          complete: { id: (value) => ["1", "12", "123"].filter((v) => v.startsWith(value)) },
          handler: (_uri, { id }) => JSON.stringify({ id }),
        }),
      ],
      prompts: [
        prompt({
          name: "both",
          description: "Two args",
          arguments: [
            { name: "a", required: true, complete: () => Array.from({ length: 150 }, (_, i) => `v${i}`) },
            { name: "b" },
          ],
          handler: ({ a, b }) => [
            { role: "user", content: `a=${a}` },
            { role: "assistant", content: `b=${b ?? "-"}` },
          ],
        }),
      ],
      subscribe: (uri) => {
        updates.push(`+${uri}`);
      },
      unsubscribe: (uri) => {
        updates.push(`-${uri}`);
      },
    },
    runtime,
  );
  run.run();
  const ctx = witContext();

  it("reads text and binary resources with their MIME type", () => {
    expect(handlers.readResource(ctx, "r://text")).toEqual({
      contents: [{ tag: "text", val: { uri: "r://text", mimeType: "text/plain", text: "hello" } }],
    });
    expect(handlers.readResource(ctx, "r://bin")).toEqual({
      contents: [{ tag: "blob", val: { uri: "r://bin", mimeType: "image/png", blob: new Uint8Array([9]) } }],
    });
  });

  it("routes a URI matching a template, with its variables", () => {
    expect(handlers.readResource(ctx, "r://items/42/data")).toEqual({
      contents: [
        { tag: "text", val: { uri: "r://items/42/data", mimeType: "application/json", text: '{"id":"42"}' } },
      ],
    });
  });

  it("answers resource-not-found for anything else", async () => {
    expect(await settle(() => handlers.readResource(ctx, "r://nothing"))).toEqual({
      err: { code: "resource-not-found", message: "Resource not found: r://nothing" },
    });
  });

  it("gets a prompt with its arguments", () => {
    expect(handlers.getPrompt(ctx, "both", [["a", "x"]])).toEqual({
      description: "Two args",
      messages: [
        { role: "user", content: { tag: "text", val: { text: "a=x" } } },
        { role: "assistant", content: { tag: "text", val: { text: "b=-" } } },
      ],
    });
  });

  it("completes template variables and prompt arguments, at most 100 values", () => {
    expect(
      handlers.handleComplete(
        ctx,
        { tag: "resource-template", val: "r://items/{id}/data" },
        { name: "id", value: "12" },
        [],
      ),
    ).toEqual({ values: ["12", "123"], total: undefined, hasMore: false });
    const many = handlers.handleComplete(ctx, { tag: "prompt", val: "both" }, { name: "a", value: "" }, []);
    expect(many).toMatchObject({ total: 150, hasMore: true });
    expect((many as { values: string[] }).values).toHaveLength(100);
    expect(
      handlers.handleComplete(ctx, { tag: "prompt", val: "both" }, { name: "b", value: "" }, []),
    ).toEqual({ values: [], total: undefined, hasMore: false });
  });

  it("passes subscriptions to the server's callbacks", () => {
    handlers.handleSubscribe(ctx, "r://text");
    handlers.handleUnsubscribe(ctx, "r://text");
    expect(updates).toEqual(["+r://text", "-r://text"]);
  });

  it("answers handle-elicit with unsupported-operation", async () => {
    expect(
      await settle(() => handlers.handleElicit(ctx, { message: "m", requestedSchema: "{}" })),
    ).toMatchObject({
      err: { code: "unsupported-operation" },
    });
  });
});

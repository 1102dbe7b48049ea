import { describe, expect, it } from "vitest";
import { prompt, resource, tool } from "./definitions.js";
import { fakeRuntime, witContext } from "./fake-runtime.test-helper.js";
import { createServer } from "./server.js";

describe("createServer: less common paths", () => {
  it("falls back to the server-level completer, telling it what is completed", () => {
    const seen: unknown[] = [];
    const { run, handlers } = createServer(
      {
        name: "c",
        version: "0",
        prompts: [prompt({ name: "p", arguments: [{ name: "a" }], handler: () => "" })],
        complete: (ref, argument, context) => {
          seen.push({ ref, argument, context });
          return { values: ["x"], total: 7, hasMore: true };
        },
      },
      fakeRuntime(),
    );
    run.run();
    expect(
      handlers.handleComplete(witContext(), { tag: "prompt", val: "p" }, { name: "a", value: "q" }, [
        ["b", "1"],
      ]),
    ).toEqual({ values: ["x"], total: 7, hasMore: true });
    expect(seen).toEqual([
      { ref: { type: "prompt", name: "p" }, argument: { name: "a", value: "q" }, context: { b: "1" } },
    ]);
  });

  it("declares listChanged and completions from the definition", () => {
    const runtime = fakeRuntime();
    createServer(
      { name: "l", version: "0", listChanged: true, logging: false, complete: () => [] },
      runtime,
    ).run.run();
    expect(runtime.calls[0]?.args[0]).toMatchObject({
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: false, listChanged: true },
        prompts: { listChanged: true },
        logging: false,
        completions: true,
      },
    });
  });

  it("registers tools and prompts added while serving, and serves them", () => {
    const runtime = fakeRuntime();
    const { run, handlers } = createServer(
      {
        name: "d",
        version: "0",
        listChanged: true,
        tools: [
          tool({
            name: "grow",
            handler: (_args, ctx) => {
              ctx.server.addTools(tool({ name: "grown", handler: () => "new" }));
              ctx.server.addPrompts(prompt({ name: "np", handler: () => "hi" }));
              return String(ctx.server.notify("notifications/custom", { a: 1 }));
            },
          }),
        ],
      },
      runtime,
    );
    run.run();
    runtime.calls.length = 0;
    expect(handlers.callTool(witContext(), "grow", "{}")).toMatchObject({
      content: [{ val: { text: "true" } }],
    });
    expect(runtime.calls.map((c) => c.name)).toEqual([
      "registerTools",
      "registerPrompts",
      "sendNotification",
    ]);
    expect(runtime.calls[2]?.args[0]).toEqual({
      tag: "custom",
      val: { method: "notifications/custom", params: '{"a":1}' },
    });
    expect(handlers.callTool(witContext(), "grown", "{}")).toMatchObject({
      content: [{ val: { text: "new" } }],
    });
    expect(handlers.getPrompt(witContext(), "np", [])).toMatchObject({ messages: [{ role: "user" }] });
  });

  it("passes full results through: tool {content, structuredContent}, resource lists, prompt descriptions", () => {
    const { run, handlers } = createServer(
      {
        name: "f",
        version: "0",
        tools: [
          tool({
            name: "full",
            handler: () => ({ content: ["a"], structuredContent: { n: 1 }, isError: false }),
          }),
          tool({ name: "client", handler: (_args, ctx) => JSON.stringify(ctx.clientCapabilities()) }),
        ],
        resources: [
          resource({
            uri: "f://many",
            name: "many",
            handler: () => [
              { text: "one" },
              { uri: "f://many#2", blob: new Uint8Array([1]), mimeType: "x/y" },
            ],
          }),
        ],
        prompts: [prompt({ name: "d", handler: () => ({ description: "own", messages: [] }) })],
      },
      fakeRuntime(),
    );
    run.run();
    const ctx = witContext();
    expect(handlers.callTool(ctx, "full", "{}")).toEqual({
      content: [{ tag: "text", val: { text: "a" } }],
      structuredContent: '{"n":1}',
      isError: false,
    });
    expect(handlers.callTool(ctx, "client", "{}")).toMatchObject({
      content: [{ val: { text: '{"sampling":true,"elicitation":false,"roots":false}' } }],
    });
    expect(handlers.readResource(ctx, "f://many")).toEqual({
      contents: [
        { tag: "text", val: { uri: "f://many", mimeType: undefined, text: "one" } },
        { tag: "blob", val: { uri: "f://many#2", mimeType: "x/y", blob: new Uint8Array([1]) } },
      ],
    });
    expect(handlers.getPrompt(ctx, "d", [])).toEqual({ description: "own", messages: [] });
  });
});

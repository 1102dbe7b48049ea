import { describe, expect, it } from "vitest";
import { type Context, resource, type ToolReturn, tool } from "./definitions.js";
import { McpError } from "./errors.js";
import { fakeRuntime, settle, witContext } from "./fake-runtime.test-helper.js";
import { question } from "./questions.js";
import { createServer } from "./server.js";
import type { WitInputRequest } from "./wit.js";

const NAME = { type: "object", properties: { name: { type: "string" } }, required: ["name"] } as const;

/** A server of one tool `t` over `runtime`, started. */
function serveTool(
  handler: (args: Record<string, unknown>, ctx: Context) => ToolReturn<undefined>,
  runtime: ReturnType<typeof fakeRuntime>,
) {
  const { run, handlers } = createServer(
    { name: "q", version: "0", tools: [tool({ name: "t", handler })] },
    runtime,
  );
  run.run();
  return handlers;
}

describe("asking the client (wasi:mcp@0.2.0)", () => {
  it("puts keyed questions in one request-input and returns the answers by key", async () => {
    const asked: Array<{ key: string; request: WitInputRequest }> = [];
    const runtime = fakeRuntime({
      requestInput: (requests) => {
        asked.push(...requests);
        return [
          {
            key: "user_name",
            answer: { tag: "elicitation", val: { action: "accept", content: '{"name":"Alice"}' } },
          },
          {
            key: "greeting",
            answer: {
              tag: "sampling",
              val: { role: "assistant", content: { tag: "text", val: { text: "Hi" } }, model: "m" },
            },
          },
          { key: "client_roots", answer: { tag: "roots", val: [{ uri: "file:///a", name: "a" }] } },
        ];
      },
    });
    const handlers = serveTool((_args, ctx) => {
      const answers = ctx.ask({
        user_name: question.elicit("Name?", NAME),
        greeting: question.sample({ messages: "Greet", maxTokens: 5 }),
        client_roots: question.roots(),
      });
      const name: string | undefined = answers.user_name.content?.name;
      return `${answers.greeting.text} ${name} ${answers.client_roots.map((r) => r.uri).join()}`;
    }, runtime);
    expect(await settle(() => handlers.callTool(witContext(), "t", "{}"))).toMatchObject({
      ok: { content: [{ tag: "text", val: { text: "Hi Alice file:///a" } }] },
    });
    expect(asked.map((q) => [q.key, q.request.tag])).toEqual([
      ["user_name", "elicitation"],
      ["greeting", "sampling"],
      ["client_roots", "roots"],
    ]);
    expect(asked[1]?.request).toMatchObject({ val: { maxTokens: 5 } });
  });

  it("names a single question by its key option, and asks roots without one", async () => {
    const runtime = fakeRuntime({
      requestInput: (requests) =>
        requests.map(({ key }) => ({ key, answer: { tag: "roots" as const, val: [{ uri: "file:///k" }] } })),
      requestRoots: () => [{ uri: "file:///plain" }],
    });
    const seen: unknown[] = [];
    const handlers = serveTool((_args, ctx) => {
      seen.push(ctx.roots({ key: "client_roots" }), ctx.roots());
      return "";
    }, runtime);
    await settle(() => handlers.callTool(witContext(), "t", "{}"));
    expect(seen).toEqual([
      [{ uri: "file:///k", name: undefined }],
      [{ uri: "file:///plain", name: undefined }],
    ]);
    expect(runtime.calls.map((c) => c.name)).not.toContain("requestSampling");
  });

  it("turns the host's refusal into an McpError the handler can catch", async () => {
    const runtime = fakeRuntime({
      requestRoots: () => {
        throw { code: "unsupported-operation", message: "the client did not declare the roots capability" };
      },
    });
    let caught: unknown;
    const handlers = serveTool((_args, ctx) => {
      try {
        ctx.roots();
      } catch (error) {
        caught = error;
      }
      return "";
    }, runtime);
    await settle(() => handlers.callTool(witContext(), "t", "{}"));
    expect(caught).toBeInstanceOf(McpError);
    expect((caught as McpError).code).toBe("unsupported-operation");
  });
});

describe("removing definitions and cache hints", () => {
  it("removes tools through unregister-tools, and the removed tool is unknown afterwards", async () => {
    const runtime = fakeRuntime();
    const { run, handlers } = createServer(
      {
        name: "r",
        version: "0",
        listChanged: true,
        tools: [
          tool({ name: "keep", handler: () => "" }),
          tool({
            name: "drop",
            handler: (_args, ctx) => {
              ctx.server.removeTools("drop");
              return "dropped";
            },
          }),
        ],
      },
      runtime,
    );
    run.run();
    await settle(() => handlers.callTool(witContext(), "drop", "{}"));
    expect(runtime.calls.find((c) => c.name === "unregisterTools")?.args).toEqual([["drop"]]);
    expect(await settle(() => handlers.callTool(witContext(), "drop", "{}"))).toMatchObject({
      err: { code: "invalid-params", message: "Unknown tool: drop" },
    });
  });

  it("sends the declared cache hints at start: lists, and a resource's reads", () => {
    const runtime = fakeRuntime();
    const { run } = createServer(
      {
        name: "c",
        version: "0",
        cache: { "tools/list": { ttlMs: 1000, scope: "public" } },
        tools: [tool({ name: "t", handler: () => "" })],
        resources: [
          resource({ uri: "test://r", name: "r", cache: { ttlMs: 5, scope: "private" }, handler: () => "" }),
        ],
      },
      runtime,
    );
    run.run();
    const hints = runtime.calls.filter((c) => c.name === "setCacheHint").map((c) => c.args);
    expect(hints).toEqual([
      [
        { tag: "resource-read", val: "test://r" },
        { ttlMs: 5n, scope: "private" },
      ],
      [{ tag: "tools-list" }, { ttlMs: 1000n, scope: "public" }],
    ]);
    expect(runtime.calls.at(-1)?.name).toBe("serve");
  });
});

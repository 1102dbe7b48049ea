import { describe, expect, it } from "vitest";
import { type Context, type ToolReturn, tool } from "./definitions.js";
import { McpError } from "./errors.js";
import { fakeRuntime, settle, witContext } from "./fake-runtime.test-helper.js";
import { createServer } from "./server.js";

function serve(
  handler: (args: Record<string, unknown>, ctx: Context) => ToolReturn<undefined>,
  runtime = fakeRuntime(),
) {
  const { run, handlers } = createServer(
    { name: "c", version: "0", tools: [tool({ name: "t", handler })] },
    runtime,
  );
  run.run();
  runtime.calls.length = 0;
  return { handlers, runtime };
}

describe("handler context", () => {
  it("exposes the request id, session, progress token and _meta", () => {
    let seen: unknown;
    const { handlers } = serve((_args, ctx) => {
      seen = { id: ctx.requestId, session: ctx.sessionId, token: ctx.progressToken, meta: ctx.meta };
      return "";
    });
    handlers.callTool(
      witContext({
        requestId: '"abc"',
        sessionId: "s1",
        progressToken: { tag: "integer", val: 5n },
        meta: '{"k":1}',
      }),
      "t",
      "{}",
    );
    expect(seen).toEqual({ id: "abc", session: "s1", token: 5, meta: { k: 1 } });
  });

  it("reports progress with the request's token, and skips it without one", () => {
    const { handlers, runtime } = serve((_args, ctx) => String(ctx.progress(1, 3, "one")));
    const token = { tag: "string" as const, val: "tok" };
    expect(handlers.callTool(witContext({ progressToken: token }), "t", "{}")).toMatchObject({
      content: [{ val: { text: "true" } }],
    });
    expect(runtime.calls).toEqual([{ name: "reportProgress", args: [token, 1, 3, "one"] }]);
    expect(handlers.callTool(witContext(), "t", "{}")).toMatchObject({
      content: [{ val: { text: "false" } }],
    });
  });

  it("logs with JSON data, best effort", () => {
    const runtime = fakeRuntime({
      log: () => {
        throw { code: "unsupported-operation", message: "no" };
      },
    });
    const { handlers } = serve((_args, ctx) => String(ctx.log("info", "hello", { n: 1 })), runtime);
    expect(handlers.callTool(witContext(), "t", "{}")).toMatchObject({
      content: [{ val: { text: "false" } }],
    });
    const ok = serve((_args, ctx) => String(ctx.log("info", "hello", { n: 1 })));
    ok.handlers.callTool(witContext(), "t", "{}");
    expect(ok.runtime.calls).toEqual([{ name: "log", args: ["info", "hello", '{"n":1}'] }]);
  });

  it("samples: a prompt string becomes one user message; the answer's text is at hand", () => {
    const runtime = fakeRuntime({
      requestSampling: (request) => {
        runtime.calls.push({ name: "requestSampling", args: [request] });
        return {
          role: "assistant",
          content: { tag: "text", val: { text: "42" } },
          model: "m",
          stopReason: "endTurn",
        };
      },
    });
    const { handlers } = serve(
      (_args, ctx) => ctx.sample({ messages: "why?", maxTokens: 100 }).text ?? "",
      runtime,
    );
    expect(handlers.callTool(witContext(), "t", "{}")).toMatchObject({ content: [{ val: { text: "42" } }] });
    expect(runtime.calls[0]?.args[0]).toEqual({
      messages: [{ role: "user", content: { tag: "text", val: { text: "why?" } } }],
      systemPrompt: undefined,
      maxTokens: 100,
      temperature: undefined,
      stopSequences: [],
      modelPreferences: undefined,
      metadata: undefined,
    });
  });

  it("turns a refused sampling request into an McpError the handler can catch", async () => {
    let caught: unknown;
    const { handlers } = serve((_args, ctx) => {
      try {
        ctx.sample("x");
      } catch (error) {
        caught = error;
      }
      return "";
    });
    handlers.callTool(witContext(), "t", "{}");
    expect(caught).toBeInstanceOf(McpError);
    expect((caught as McpError).code).toBe("unsupported-operation");
    // Uncaught, it is a protocol error (the JSON-RPC error of its code), not an error result.
    const raw = serve((_args, ctx) => ctx.sample("x").text);
    expect(await settle(() => raw.handlers.callTool(witContext(), "t", "{}"))).toMatchObject({
      err: { code: "unsupported-operation" },
    });
  });

  it("elicits with the schema as JSON text and parses the accepted content", () => {
    const runtime = fakeRuntime({
      requestElicitation: (request) => {
        runtime.calls.push({ name: "requestElicitation", args: [request] });
        return { action: "accept", content: '{"name":"Ada"}' };
      },
    });
    const { handlers } = serve((_args, ctx) => {
      const answer = ctx.elicit("Who?", {
        type: "object",
        properties: { name: { type: "string" } },
        required: ["name"],
      });
      return `${answer.action}:${answer.content?.name}`;
    }, runtime);
    expect(handlers.callTool(witContext(), "t", "{}")).toMatchObject({
      content: [{ val: { text: "accept:Ada" } }],
    });
    expect(runtime.calls[0]?.args[0]).toEqual({
      message: "Who?",
      requestedSchema: '{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}',
    });
  });

  it("notifies resource updates through the server handle", () => {
    const { handlers, runtime } = serve((_args, ctx) => String(ctx.server.resourceUpdated("x://1")));
    expect(handlers.callTool(witContext(), "t", "{}")).toMatchObject({
      content: [{ val: { text: "true" } }],
    });
    expect(runtime.calls).toEqual([
      { name: "sendNotification", args: [{ tag: "resource-updated", val: "x://1" }] },
    ]);
  });
});

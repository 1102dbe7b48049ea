import { describe, expect, it } from "vitest";
import { type Context, prompt, type ToolReturn, tool } from "./definitions.js";
import { McpError, ReplayPending } from "./errors.js";
import { fakeRuntime, settle, witContext } from "./fake-runtime.test-helper.js";
import { createServer } from "./server.js";

/** What the host hands a question on a 2026-07-28 request answered `input_required`. */
const REPLAY = {
  code: "cancelled",
  message: "input required: the question went to the client",
  data: '{"replay":true}',
} as const;
const replayed = (..._: unknown[]): never => {
  throw { payload: REPLAY };
};
const SCHEMA = { type: "object", properties: { name: { type: "string" } } } as const;

function serve(
  handler: (args: Record<string, unknown>, ctx: Context) => ToolReturn<undefined>,
  runtime: ReturnType<typeof fakeRuntime>,
) {
  const { run, handlers } = createServer(
    {
      name: "r",
      version: "0",
      tools: [tool({ name: "t", handler })],
      prompts: [prompt({ name: "p", handler: (_args, ctx) => `${ctx.elicit("Name?", SCHEMA).action}` })],
    },
    runtime,
  );
  run.run();
  return handlers;
}

describe("the host's replay outcome (MRTR)", () => {
  it("is a ReplayPending, not an McpError, so a handler catching McpError lets it through", async () => {
    let caught: unknown;
    const handlers = serve(
      (_args, ctx) => {
        try {
          return `${ctx.elicit("Name?", SCHEMA).action}`;
        } catch (error) {
          caught = error;
          if (error instanceof McpError) return "swallowed";
          throw error;
        }
      },
      fakeRuntime({ requestElicitation: replayed }),
    );
    // The export ends with the outcome handed back (not a tool error result the model would see).
    expect(await settle(() => handlers.callTool(witContext(), "t", "{}"))).toEqual({
      err: { code: "cancelled", message: expect.any(String), data: '{"replay":true}' },
    });
    expect(caught).toBeInstanceOf(ReplayPending);
  });

  it("ends a prompt or keyed question the same way", async () => {
    const runtime = fakeRuntime({ requestElicitation: replayed, requestInput: replayed });
    const handlers = serve(
      (_args, ctx) => `${ctx.elicit("Name?", SCHEMA, { key: "user_name" }).action}`,
      runtime,
    );
    expect(await settle(() => handlers.callTool(witContext(), "t", "{}"))).toMatchObject({
      err: { code: "cancelled", data: '{"replay":true}' },
    });
    expect(await settle(() => handlers.getPrompt(witContext(), "p", []))).toMatchObject({
      err: { code: "cancelled", data: '{"replay":true}' },
    });
  });

  it("stops the rest of the call from reaching the host: no more questions, logs or progress", async () => {
    const asked: string[] = [];
    const runtime = fakeRuntime({
      requestElicitation: () => replayed(asked.push("elicitation")),
      requestSampling: () => replayed(asked.push("sampling")),
    });
    const results: unknown[] = [];
    const handlers = serve((_args, ctx) => {
      for (const ask of [() => ctx.elicit("Name?", SCHEMA), () => ctx.sample("again")]) {
        try {
          ask();
        } catch (error) {
          results.push((error as Error).name);
        }
      }
      results.push(ctx.log("info", "still here"), ctx.progress(1));
      return "ignored the outcome";
    }, runtime);
    await settle(() =>
      handlers.callTool(witContext({ progressToken: { tag: "string", val: "p" } }), "t", "{}"),
    );
    expect(results).toEqual(["ReplayPending", "ReplayPending", false, false]);
    expect(asked).toEqual(["elicitation"]);
    expect(runtime.calls.map((c) => c.name)).not.toContain("log");
    expect(runtime.calls.map((c) => c.name)).not.toContain("reportProgress");
  });

  it("is an ordinary McpError when the cancelled error is not the replay outcome", async () => {
    const runtime = fakeRuntime({
      requestElicitation: () => {
        throw {
          payload: { code: "cancelled", message: "cancelled by the client", data: '{"replay":false}' },
        };
      },
    });
    let caught: unknown;
    const handlers = serve((_args, ctx) => {
      try {
        ctx.elicit("Name?", SCHEMA);
      } catch (error) {
        caught = error;
      }
      return ctx.log("info", "logged") ? "logged" : "not logged";
    }, runtime);
    expect(await settle(() => handlers.callTool(witContext(), "t", "{}"))).toMatchObject({
      ok: { content: [{ val: { text: "logged" } }] },
    });
    expect(caught).toBeInstanceOf(McpError);
  });
});

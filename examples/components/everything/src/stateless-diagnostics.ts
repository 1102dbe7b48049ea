// The diagnostic tools of the conformance suite's server-stateless scenario (MCP 2026-07-28,
// SEP-2575). What they check is host behaviour, for every component: a request that relies on a
// client capability it did not declare is answered -32021, a response stream carries no
// server→client request (input_required instead), logs reach a 2026 client only when its request
// set a log level, and list changes reach open subscriptions/listen streams.
import { type Context, McpError, prompt, tool } from "@wasi-mcp/guest";

/** How many extra tools (and, apart, prompts) the trigger tools register per instance at most. */
export const MAX_DYNAMIC_DEFINITIONS = 32;

let dynamicTools = 0;
let dynamicPrompts = 0;

function failure(what: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  return {
    content: [{ type: "text" as const, text: `${what} not supported or error: ${message}` }],
    isError: true,
  };
}

function exhausted(what: string) {
  return {
    content: [
      {
        type: "text" as const,
        text: `No more ${what}: this instance registered its ${MAX_DYNAMIC_DEFINITIONS}`,
      },
    ],
    isError: true,
  };
}

export const statelessDiagnosticTools = [
  tool({
    name: "test_missing_capability",
    description:
      "Asks the client's LLM by sampling; a 2026-07-28 request that did not declare sampling is answered -32021 by the host",
    handler: (_args, ctx: Context) => {
      try {
        const answer = ctx.sample({ messages: "Say anything.", maxTokens: 20 });
        return `Sampling answered: ${answer.text ?? "(no text)"}`;
      } catch (error) {
        if (!(error instanceof McpError)) throw error;
        return failure("Sampling", error);
      }
    },
  }),
  tool({
    name: "test_streaming_elicitation",
    description:
      "Logs, then asks the user by elicitation: on 2026-07-28 the response stream carries only notifications and the input_required result",
    handler: (_args, ctx: Context) => {
      ctx.log("info", "test_streaming_elicitation: asking the user");
      try {
        const answer = ctx.elicit("Please confirm to continue", {
          type: "object",
          properties: { confirmed: { type: "boolean" } },
          required: ["confirmed"],
        });
        return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
      } catch (error) {
        if (!(error instanceof McpError)) throw error;
        return failure("Elicitation", error);
      }
    },
  }),
  tool({
    name: "test_logging_tool",
    description:
      "Logs at debug, info and warning at once; a 2026-07-28 client gets them only when its request set a log level, and only those at or above it",
    handler: (_args, ctx: Context) => {
      ctx.log("debug", "test_logging_tool: debug message");
      ctx.log("info", "test_logging_tool: info message");
      ctx.log("warning", "test_logging_tool: warning message");
      return "Logged 3 messages (debug, info, warning)";
    },
  }),
  tool({
    name: "test_trigger_tool_change",
    description: `Registers one more tool (test_dynamic_tool_<n>, at most ${MAX_DYNAMIC_DEFINITIONS}): the host sends notifications/tools/list_changed`,
    handler: (_args, ctx: Context) => {
      if (dynamicTools >= MAX_DYNAMIC_DEFINITIONS) return exhausted("dynamic tools");
      const name = `test_dynamic_tool_${++dynamicTools}`;
      ctx.server.addTools(
        tool({
          name,
          description: "A tool registered by test_trigger_tool_change",
          handler: () => `${name} called`,
        }),
      );
      return `Registered tool ${name}`;
    },
  }),
  tool({
    name: "test_trigger_prompt_change",
    description: `Registers one more prompt (test_dynamic_prompt_<n>, at most ${MAX_DYNAMIC_DEFINITIONS}): the host sends notifications/prompts/list_changed`,
    handler: (_args, ctx: Context) => {
      if (dynamicPrompts >= MAX_DYNAMIC_DEFINITIONS) return exhausted("dynamic prompts");
      const name = `test_dynamic_prompt_${++dynamicPrompts}`;
      ctx.server.addPrompts(
        prompt({
          name,
          description: "A prompt registered by test_trigger_prompt_change",
          handler: () => `${name} says hello`,
        }),
      );
      return `Registered prompt ${name}`;
    },
  }),
];

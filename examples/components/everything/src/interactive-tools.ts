// Tools that talk back to the client while they run: logging, progress, sampling, elicitation.
import { type Context, McpError, tool } from "@wasi-mcp/guest";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function failure(what: string, error: unknown): string {
  return `${what} not supported or error: ${error instanceof Error ? error.message : String(error)}`;
}

function elicitTool(name: string, description: string, message: string, schema: Record<string, unknown>) {
  return tool({
    name,
    description,
    handler: (_args, ctx: Context) => {
      try {
        const answer = ctx.elicit(message, schema);
        return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
      } catch (error) {
        if (!(error instanceof McpError)) throw error;
        return failure("Elicitation", error);
      }
    },
  });
}

export const interactiveTools = [
  tool({
    name: "test_tool_with_logging",
    description: "Tests tool that emits log messages during execution",
    handler: async (_args, ctx) => {
      for (const [i, message] of [
        "Tool execution started",
        "Tool processing data",
        "Tool execution completed",
      ].entries()) {
        if (i > 0) await sleep(50);
        ctx.log("info", message);
      }
      return "Tool with logging executed successfully";
    },
  }),
  tool({
    name: "test_tool_with_progress",
    description: "Tests tool that reports progress notifications",
    handler: async (_args, ctx) => {
      if (ctx.progressToken !== undefined) {
        for (const progress of [0, 50, 100]) {
          ctx.progress(progress, 100, `Completed step ${progress} of 100`);
          if (progress < 100) await sleep(50);
        }
      }
      return String(ctx.progressToken ?? "no-progress-token");
    },
  }),
  tool({
    name: "test_reconnection",
    description:
      "Tests SSE stream disconnection and client reconnection (SEP-1699): takes a moment, so a transport can close the stream mid-call.",
    handler: async () => {
      await sleep(100);
      return "Reconnection test completed successfully. If you received this, the client properly reconnected after stream closure.";
    },
  }),
  tool({
    name: "test_sampling",
    description: "Tests server-initiated sampling (LLM completion request)",
    input: {
      type: "object",
      properties: { prompt: { type: "string", description: "The prompt to send to the LLM" } },
      required: ["prompt"],
    },
    handler: ({ prompt }, ctx) => {
      try {
        const answer = ctx.sample({ messages: prompt, maxTokens: 100 });
        return `LLM response: ${answer.text ?? "No response"}`;
      } catch (error) {
        if (!(error instanceof McpError)) throw error;
        return failure("Sampling", error);
      }
    },
  }),
  tool({
    name: "test_elicitation",
    description: "Tests server-initiated elicitation (user input request)",
    input: {
      type: "object",
      properties: { message: { type: "string", description: "The message to show the user" } },
      required: ["message"],
    },
    handler: ({ message }, ctx) => {
      try {
        // The fields the conformance suite's client submits, so its answer validates.
        const answer = ctx.elicit(message, {
          type: "object",
          properties: {
            username: { type: "string", description: "Your user name" },
            email: { type: "string", description: "Your e-mail address" },
          },
          required: ["username"],
        });
        return `User response: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
      } catch (error) {
        if (!(error instanceof McpError)) throw error;
        return failure("Elicitation", error);
      }
    },
  }),
  elicitTool(
    "test_elicitation_sep1034_defaults",
    "Tests elicitation with default values per SEP-1034",
    "Please review and update the form fields with defaults",
    {
      type: "object",
      properties: {
        name: { type: "string", description: "User name", default: "John Doe" },
        age: { type: "integer", description: "User age", default: 30 },
        score: { type: "number", description: "User score", default: 95.5 },
        status: {
          type: "string",
          description: "User status",
          enum: ["active", "inactive", "pending"],
          default: "active",
        },
        verified: { type: "boolean", description: "Verification status", default: true },
      },
      required: [],
    },
  ),
  elicitTool(
    "test_elicitation_sep1330_enums",
    "Tests elicitation with enum schema improvements per SEP-1330",
    "Please select options from the enum fields",
    {
      type: "object",
      properties: {
        untitledSingle: {
          type: "string",
          description: "Select one option",
          enum: ["option1", "option2", "option3"],
        },
        titledSingle: {
          type: "string",
          description: "Select one option with titles",
          oneOf: [
            { const: "value1", title: "First Option" },
            { const: "value2", title: "Second Option" },
            { const: "value3", title: "Third Option" },
          ],
        },
        legacyEnum: {
          type: "string",
          description: "Select one option (legacy)",
          enum: ["opt1", "opt2", "opt3"],
          enumNames: ["Option One", "Option Two", "Option Three"],
        },
        untitledMulti: {
          type: "array",
          description: "Select multiple options",
          minItems: 1,
          maxItems: 3,
          items: { type: "string", enum: ["option1", "option2", "option3"] },
        },
        titledMulti: {
          type: "array",
          description: "Select multiple options with titles",
          minItems: 1,
          maxItems: 3,
          items: {
            anyOf: [
              { const: "value1", title: "First Choice" },
              { const: "value2", title: "Second Choice" },
              { const: "value3", title: "Third Choice" },
            ],
          },
        },
      },
      required: [],
    },
  ),
];

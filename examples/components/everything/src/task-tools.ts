// The fixtures of the conformance suite's tasks-* scenarios (SEP-2663, the 2026-07-28 extension
// io.modelcontextprotocol/tasks). A tool declares whether it may run as a task (`task:`); the host
// runs a call inline for `taskAfterMs` (500 ms by default) and then answers with a task while the call
// goes on. So a fixture that must become a task before it asks or ends waits longer than that
// first, and `test_tool_with_task` asks at once (round 1 is MRTR), then works (round 2 is a task).
import { type Context, McpError, question, tool } from "@wasi-mcp/guest";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Longer than the host's default `taskAfterMs`, so the call is a task by then. */
const PAST_TASK_THRESHOLD_MS = 1500;

const CONFIRM = {
  type: "object",
  properties: { confirm: { type: "boolean" } },
  required: ["confirm"],
} as const;

const NAME = { type: "object", properties: { name: { type: "string" } }, required: ["name"] } as const;

function nameOf(content: { name?: unknown } | undefined): string {
  return typeof content?.name === "string" ? content.name : "stranger";
}

function confirmed(ctx: Context, text: string, key: string): boolean {
  const answer = ctx.elicit(text, CONFIRM, { key });
  return answer.action === "accept" && answer.content?.confirm === true;
}

export const taskTools = [
  tool({
    name: "greet",
    description: "Greets by name, at once (never a task)",
    input: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
    handler: ({ name }) => `Hello, ${name}!`,
  }),
  tool({
    name: "slow_compute",
    description: "Sleeps `seconds` (at most 600), then reports it; may run as a task",
    task: "optional",
    input: {
      type: "object",
      properties: {
        seconds: { type: "number", minimum: 0, maximum: 600 },
        label: { type: "string" },
      },
      required: ["seconds"],
    },
    handler: async ({ seconds, label }) => {
      await sleep(seconds * 1000);
      return `Computed ${label ?? "result"} after ${seconds} s`;
    },
  }),
  tool({
    name: "failing_job",
    description: "Works a moment, then fails as a tool (isError); runs only as a task",
    task: "required",
    handler: async () => {
      await sleep(PAST_TASK_THRESHOLD_MS);
      throw new Error("failing_job failed, as it always does");
    },
  }),
  tool({
    name: "protocol_error_job",
    description: "Works a moment, then fails with a protocol error (-32603); may run as a task",
    task: "optional",
    handler: async () => {
      await sleep(PAST_TASK_THRESHOLD_MS);
      throw new McpError("internal-error", "protocol_error_job hit an internal error");
    },
  }),
  tool({
    name: "confirm_delete",
    description: "Asks to confirm deleting `filename` (elicitation), then reports; may run as a task",
    task: "optional",
    input: { type: "object", properties: { filename: { type: "string" } }, required: ["filename"] },
    handler: async ({ filename }, ctx) => {
      await sleep(PAST_TASK_THRESHOLD_MS);
      return confirmed(ctx, `Delete ${filename}?`, "confirm") ? `Deleted ${filename}` : `Kept ${filename}`;
    },
  }),
  tool({
    name: "multi_input",
    description: "Asks two questions at once (elicitation), then reports both; may run as a task",
    task: "optional",
    handler: async (_args, ctx) => {
      await sleep(PAST_TASK_THRESHOLD_MS);
      const { first, second } = ctx.ask({
        first: question.elicit("First: your name?", NAME),
        second: question.elicit("Second: your name?", NAME),
      });
      return `Got ${nameOf(first.content)} and ${nameOf(second.content)}`;
    },
  }),
  tool({
    name: "test_tool_with_task",
    description: "Asks the user's name at once (MRTR), then works as a task and greets them",
    task: "required",
    handler: async (_args, ctx) => {
      const name = nameOf(ctx.elicit("What is your name?", NAME, { key: "user_name" }).content);
      await sleep(PAST_TASK_THRESHOLD_MS);
      return `Hello, ${name}! (from a task)`;
    },
  }),
];

// The fixtures of the conformance suite's input-required-result-* scenarios (MCP 2026-07-28,
// SEP-2322). The tools ask the client as any tool does (ctx.elicit, ctx.sample, ctx.roots,
// ctx.ask); on a 2026 request the host answers the request input_required and re-runs the call
// with the client's answers (MRTR by deterministic replay), on a 2025 request they are ordinary
// server→client requests. Everything a tool does before a request runs again on each round. Keys
// are the scenarios' (`user_name`, `client_roots`, …) where a scenario names one.
import { type Context, McpError, prompt, question, type Root, tool } from "@wasi-mcp/guest";

const NAME = {
  type: "object",
  properties: { name: { type: "string" } },
  required: ["name"],
} as const;

function answered(what: string, answer: { action: string; content?: unknown }): string {
  return `${what}: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
}

function nameOf(content: { name?: unknown } | undefined): string {
  return typeof content?.name === "string" ? content.name : "stranger";
}

function ask(ctx: Context, text: string, maxTokens = 100, key?: string): string {
  const answer = ctx.sample({ messages: text, maxTokens }, key === undefined ? {} : { key });
  return answer.text ?? "(no text)";
}

function rootList(roots: Root[]): string {
  return roots.length === 0 ? "(none)" : roots.map((root) => root.name ?? root.uri).join(", ");
}

export const inputRequiredTools = [
  tool({
    name: "test_input_required_result_elicitation",
    description: "Asks the user's name by elicitation, then greets them (SEP-2322 basic elicitation)",
    handler: (_args, ctx) => {
      const answer = ctx.elicit("What is your name?", NAME, { key: "user_name" });
      return `Hello, ${nameOf(answer.content)}!`;
    },
  }),
  tool({
    name: "test_input_required_result_list_roots",
    description: "Asks the client for its roots, then lists them (SEP-2322 basic list-roots)",
    handler: (_args, ctx) => `Roots: ${rootList(ctx.roots({ key: "client_roots" }))}`,
  }),
  tool({
    name: "test_input_required_result_sampling",
    description:
      "Asks the client's LLM a question by sampling, then returns its answer (SEP-2322 basic sampling)",
    handler: (_args, ctx) =>
      `Sampling answered: ${ask(ctx, "What is the capital of France?", 100, "capital_question")}`,
  }),
  tool({
    name: "test_input_required_result_request_state",
    description:
      "Asks for a confirmation; completes with state-ok once the retry's requestState verified (SEP-2322)",
    handler: (_args, ctx) => {
      const answer = ctx.elicit("Please confirm", {
        type: "object",
        properties: { ok: { type: "boolean" } },
        required: ["ok"],
      });
      // The host verified the sealed requestState before this call ran again with the answer.
      return `state-ok: ${answered("confirmation", answer)}`;
    },
  }),
  tool({
    name: "test_input_required_result_multiple_inputs",
    description:
      "Asks for a name (elicitation), a greeting (sampling) and the roots (roots/list) in one round (SEP-2322)",
    handler: (_args, ctx) => {
      const { user_name, greeting, client_roots } = ctx.ask({
        user_name: question.elicit("What is your name?", NAME),
        greeting: question.sample({ messages: "Generate a greeting", maxTokens: 50 }),
        client_roots: question.roots(),
      });
      return `${greeting.text ?? "(no text)"} (for ${nameOf(user_name.content)}; roots: ${rootList(client_roots)})`;
    },
  }),
  tool({
    name: "test_input_required_result_multi_round",
    description: "Asks two questions in two rounds, then completes (SEP-2322 multi-round)",
    handler: (_args, ctx) => {
      const name = nameOf(ctx.elicit("Step 1: What is your name?", NAME).content);
      const color = ctx.elicit("Step 2: What is your favorite color?", {
        type: "object",
        properties: { color: { type: "string" } },
        required: ["color"],
      }).content?.color;
      return `${name} likes ${color ?? "no color"}`;
    },
  }),
  tool({
    name: "test_input_required_result_tampered_state",
    description: "Asks for a confirmation; the host rejects a retry whose requestState was tampered with",
    handler: (_args, ctx) => {
      const answer = ctx.elicit("Please confirm", {
        type: "object",
        properties: { ok: { type: "boolean" } },
        required: ["ok"],
      });
      return answered("confirmation", answer);
    },
  }),
  tool({
    name: "test_input_required_result_capabilities",
    description: "Asks the client only through a capability it declared: elicitation, else sampling",
    handler: (_args, ctx) => {
      const caps = ctx.clientCapabilities();
      try {
        if (caps.elicitation) return `Hello, ${nameOf(ctx.elicit("What is your name?", NAME).content)}!`;
        if (caps.sampling) return `Sampling answered: ${ask(ctx, "What is your name?")}`;
      } catch (error) {
        if (!(error instanceof McpError)) throw error;
        return { content: [{ type: "text", text: `Input request failed: ${error.message}` }], isError: true };
      }
      return "The client declared neither elicitation nor sampling: nothing to ask.";
    },
  }),
];

export const inputRequiredPrompts = [
  prompt({
    name: "test_input_required_result_prompt",
    description:
      "A prompt that asks the user for its context by elicitation first (SEP-2322 non-tool request)",
    handler: (_args, ctx) => {
      const answer = ctx.elicit("What context should the prompt use?", {
        type: "object",
        properties: { context: { type: "string" } },
        required: ["context"],
      });
      const context = typeof answer.content?.context === "string" ? answer.content.context : "none";
      return `Use this context: ${context}`;
    },
  }),
];

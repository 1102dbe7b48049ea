// Asking the client several things at once (`request-input`, WIT wasi:mcp@0.2.0), and roots.
import { type Content, type ContentItem, fromWitContent, toWitContent } from "./content.js";
import { isReplayOutcome, McpError, ReplayPending, witErrorFrom } from "./errors.js";
import { parseJsonLoose } from "./json.js";
import { type Infer, jsonSchemaText, type Schema } from "./schema.js";
import type {
  RuntimeModule,
  WitInputAnswer,
  WitInputRequest,
  WitRole,
  WitSamplingRequest,
  WitSamplingResult,
} from "./wit.js";

/** A sampling request: a prompt string, or MCP-shaped messages and options. */
export interface SampleRequest {
  messages: string | Array<{ role: WitRole; content: Content }>;
  systemPrompt?: string;
  /** Default 1000. */
  maxTokens?: number;
  temperature?: number;
  stopSequences?: string[];
  modelPreferences?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** The client's answer to a sampling request. */
export interface SampleResult {
  role: WitRole;
  content: ContentItem;
  model: string;
  stopReason?: string | undefined;
  /** The text of `content` when it is text. */
  text: string | undefined;
}

/** The user's answer to an elicitation. */
export interface ElicitResult<T> {
  action: "accept" | "decline" | "cancel";
  /** The submitted values, when `action` is `accept` (not re-validated by the kit). */
  content?: T | undefined;
}

/** A root the client exposes (`roots/list`). */
export interface Root {
  /** A `file://` URI. */
  uri: string;
  name?: string | undefined;
}

/** A question for {@link RequestContext.ask}: build one with {@link question}. */
export type Question =
  | { readonly kind: "elicit"; readonly message: string; readonly schema: Schema }
  | { readonly kind: "sample"; readonly request: string | SampleRequest }
  | { readonly kind: "roots" };

/** What the client answers to a question of the same kind. */
export type Answer<Q extends Question> = Q extends { kind: "elicit"; schema: infer S extends Schema }
  ? ElicitResult<Infer<S>>
  : Q extends { kind: "sample" }
    ? SampleResult
    : Root[];

/** The answers to a set of questions, under the same keys. */
export type Answers<Q extends Record<string, Question>> = { [K in keyof Q]: Answer<Q[K]> };

/**
 * Builders of the questions {@link RequestContext.ask} puts to the client.
 *
 * @example
 * ```ts
 * const { user_name, client_roots } = ctx.ask({
 *   user_name: question.elicit("What is your name?", { type: "object", properties: { name: { type: "string" } } }),
 *   client_roots: question.roots(),
 * });
 * ```
 */
export const question = {
  /** Asks the user for input matching a flat JSON Schema (`elicitation/create`). */
  elicit: <const S extends Schema>(message: string, schema: S) =>
    ({ kind: "elicit", message, schema }) as const,
  /** Asks the client to sample an LLM (`sampling/createMessage`). */
  sample: (request: string | SampleRequest) => ({ kind: "sample", request }) as const,
  /** Asks the client for its roots (`roots/list`). */
  roots: () => ({ kind: "roots" }) as const,
};

/** Puts keyed questions to the client through `request-input` and returns the answers by key. */
export function askClient<const Q extends Record<string, Question>>(
  runtime: RuntimeModule,
  questions: Q,
): Answers<Q> {
  const keys = Object.keys(questions);
  const answers = callRuntime(() =>
    runtime.requestInput(
      keys.map((key) => ({ key, request: toWitQuestion(questions[key] as Question, key) })),
    ),
  );
  const out: Record<string, unknown> = {};
  for (const { key, answer } of answers) out[key] = fromWitAnswer(answer);
  return out as Answers<Q>;
}

/** `runtime.request-roots`. */
export function clientRoots(runtime: RuntimeModule): Root[] {
  return callRuntime(() => runtime.requestRoots()).map(({ uri, name }) => ({ uri, name }));
}

/** The WIT sampling request of a kit sampling request. */
export function toWitSampling(request: string | SampleRequest): WitSamplingRequest {
  const options: SampleRequest = typeof request === "string" ? { messages: request } : request;
  const messages =
    typeof options.messages === "string"
      ? [{ role: "user" as const, content: toWitContent(options.messages) }]
      : options.messages.map((m) => ({ role: m.role, content: toWitContent(m.content) }));
  return {
    messages,
    systemPrompt: options.systemPrompt,
    maxTokens: options.maxTokens ?? 1000,
    temperature: options.temperature,
    stopSequences: options.stopSequences ?? [],
    modelPreferences: jsonOrUndefined(options.modelPreferences),
    metadata: jsonOrUndefined(options.metadata),
  };
}

/** The kit's form of a WIT sampling result. */
export function fromWitSampling(result: WitSamplingResult): SampleResult {
  const content = fromWitContent(result.content);
  return {
    role: result.role,
    content,
    model: result.model,
    stopReason: result.stopReason,
    text: content.type === "text" ? content.text : undefined,
  };
}

/** The kit's form of a WIT elicitation result. */
export function fromWitElicitation<T>(result: {
  action: ElicitResult<T>["action"];
  content?: string | undefined;
}): ElicitResult<T> {
  return {
    action: result.action,
    content: result.content === undefined ? undefined : (parseJsonLoose(result.content) as T),
  };
}

function toWitQuestion(q: Question, key: string): WitInputRequest {
  switch (q.kind) {
    case "elicit":
      return {
        tag: "elicitation",
        val: { message: q.message, requestedSchema: jsonSchemaText(q.schema, "input", `question ${key}`) },
      };
    case "sample":
      return { tag: "sampling", val: toWitSampling(q.request) };
    case "roots":
      return { tag: "roots" };
  }
}

function fromWitAnswer(answer: WitInputAnswer): unknown {
  switch (answer.tag) {
    case "elicitation":
      return fromWitElicitation(answer.val);
    case "sampling":
      return fromWitSampling(answer.val);
    case "roots":
      return answer.val.map(({ uri, name }) => ({ uri, name }));
  }
}

/**
 * Calls a runtime import whose `err` matters, rethrowing it as an {@link McpError} — or, for the
 * host's replay outcome (MRTR), as a {@link ReplayPending}.
 */
export function callRuntime<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    const wit = witErrorFrom(error);
    if (!wit) throw error;
    if (isReplayOutcome(wit)) throw new ReplayPending();
    throw new McpError(wit.code, wit.message, wit.data === undefined ? undefined : parseJsonLoose(wit.data));
  }
}

function jsonOrUndefined(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

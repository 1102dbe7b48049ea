import { type Content, type ContentItem, fromWitContent, toWitContent } from "./content.js";
import { McpError, witErrorFrom } from "./errors.js";
import { type Infer, jsonSchemaText, type Schema } from "./schema.js";
import type { LogLevel, RuntimeModule, WitRequestContext, WitRole } from "./wit.js";

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

/** Capabilities of the client of the current request. */
export interface ClientCapabilities {
  sampling: boolean;
  elicitation: boolean;
  roots: boolean;
}

/** What every handler receives about its request, and what it may do on its behalf. */
export interface RequestContext {
  /** The JSON-RPC id of the request. */
  readonly requestId: string | number;
  /** The transport session, when the transport has sessions. */
  readonly sessionId: string | undefined;
  /** The client's progress token (`_meta.progressToken`), if any. */
  readonly progressToken: string | number | undefined;
  /** The request's `_meta`. */
  readonly meta: Record<string, unknown> | undefined;
  /** Reports progress (`notifications/progress`). Best effort: false when not delivered (no token, or the host cannot). */
  progress(progress: number, total?: number, message?: string): boolean;
  /** Logs through `notifications/message`. Best effort: false when the host refused it. */
  log(level: LogLevel, message: string, data?: unknown): boolean;
  /** Asks the client to sample an LLM; blocks until it answers. Throws {@link McpError} when it cannot. */
  sample(request: string | SampleRequest): SampleResult;
  /** Asks the user for input matching a flat JSON Schema; blocks until answered. Throws {@link McpError} when it cannot. */
  elicit<const S extends Schema>(message: string, schema: S): ElicitResult<Infer<S>>;
  /** Capabilities of the requesting client. */
  clientCapabilities(): ClientCapabilities;
}

/** Builds the {@link RequestContext} of one handler call. */
export function createRequestContext(wit: WitRequestContext, runtime: RuntimeModule): RequestContext {
  const token = wit.progressToken;
  const progressToken =
    token === undefined ? undefined : token.tag === "string" ? token.val : Number(token.val);
  return {
    requestId: parseJson(wit.requestId) as string | number,
    sessionId: wit.sessionId,
    progressToken,
    meta: wit.meta === undefined ? undefined : (parseJson(wit.meta) as Record<string, unknown>),
    progress(progress, total, message) {
      if (token === undefined) return false;
      return bestEffort(() => runtime.reportProgress(token, progress, total, message));
    },
    log: (level, message, data) => logTo(runtime, level, message, data),
    sample: (request) => sample(runtime, request),
    elicit(message, schema) {
      const requestedSchema = jsonSchemaText(schema, "input", "elicit");
      const result = callImport(() => runtime.requestElicitation({ message, requestedSchema }));
      return {
        action: result.action,
        content: result.content === undefined ? undefined : (parseJson(result.content) as never),
      };
    },
    clientCapabilities() {
      const caps = runtime.getClientCapabilities();
      return { sampling: caps.sampling, elicitation: caps.elicitation, roots: caps.roots };
    },
  };
}

/** `runtime.log`, best effort. */
export function logTo(runtime: RuntimeModule, level: LogLevel, message: string, data?: unknown): boolean {
  return bestEffort(() => runtime.log(level, message, data === undefined ? undefined : JSON.stringify(data)));
}

function sample(runtime: RuntimeModule, request: string | SampleRequest): SampleResult {
  const options: SampleRequest = typeof request === "string" ? { messages: request } : request;
  const messages =
    typeof options.messages === "string"
      ? [{ role: "user" as const, content: toWitContent(options.messages) }]
      : options.messages.map((m) => ({ role: m.role, content: toWitContent(m.content) }));
  const result = callImport(() =>
    runtime.requestSampling({
      messages,
      systemPrompt: options.systemPrompt,
      maxTokens: options.maxTokens ?? 1000,
      temperature: options.temperature,
      stopSequences: options.stopSequences ?? [],
      modelPreferences: jsonOrUndefined(options.modelPreferences),
      metadata: jsonOrUndefined(options.metadata),
    }),
  );
  const content = fromWitContent(result.content);
  return {
    role: result.role,
    content,
    model: result.model,
    stopReason: result.stopReason,
    text: content.type === "text" ? content.text : undefined,
  };
}

/** Calls a runtime import whose `err` matters, rethrowing it as an {@link McpError}. */
export function callImport<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    const wit = witErrorFrom(error);
    if (!wit) throw error;
    throw new McpError(wit.code, wit.message, wit.data === undefined ? undefined : parseJson(wit.data));
  }
}

/** Calls a best-effort runtime import: true when it succeeded. */
export function bestEffort(call: () => void): boolean {
  try {
    call();
    return true;
  } catch {
    return false;
  }
}

function jsonOrUndefined(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

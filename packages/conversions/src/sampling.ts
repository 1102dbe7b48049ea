import type {
  CreateMessageRequestParams,
  CreateMessageResult,
  SamplingMessage as McpSamplingMessage,
  SamplingContent,
} from "@modelcontextprotocol/sdk/types.js";
import type { Content, Runtime } from "@wasi-mcp/bindings";
import { count, list, obj, optNum, optStr, str } from "./checks.js";
import { compact } from "./compact.js";
import { contentBlockFromMcp, contentBlockToMcp, role } from "./content.js";
import { conversionError } from "./errors.js";
import { parseOptionalJsonObject } from "./json.js";

const SAMPLING_TAGS = new Set<Content.ContentBlock["tag"]>(["text", "image", "audio"]);

/** Converts sampling content (text, image or audio) to MCP; other variants are refused. */
function samplingContentToMcp(content: Content.ContentBlock, field: string): SamplingContent {
  const tag = obj<Content.ContentBlock>(content, field).tag;
  if (!SAMPLING_TAGS.has(tag)) {
    conversionError(
      `${field}.tag`,
      `sampling content must be text, image or audio, not ${JSON.stringify(tag)}`,
    );
  }
  return contentBlockToMcp(content, field) as SamplingContent;
}

/** Reads MCP sampling content: one text, image or audio block (a list of exactly one is accepted). */
function samplingContentFromMcp(content: unknown, field: string): Content.ContentBlock {
  const single = Array.isArray(content) ? (content.length === 1 ? content[0] : undefined) : content;
  const block = obj<{ type?: unknown }>(single, field);
  if (block.type !== "text" && block.type !== "image" && block.type !== "audio") {
    conversionError(
      `${field}.type`,
      `sampling content must be one text, image or audio block, got ${JSON.stringify(block.type)}`,
    );
  }
  return contentBlockFromMcp(block as SamplingContent, field);
}

/**
 * Converts a guest's `request-sampling` argument to the params of MCP `sampling/createMessage`.
 *
 * @example
 * ```ts
 * samplingRequestToMcp({ messages: [{ role: "user", content: { tag: "text", val: { text: "Hi" } } }], maxTokens: 100, stopSequences: [] });
 * ```
 */
export function samplingRequestToMcp(
  request: Runtime.SamplingRequest,
  field = "request",
): CreateMessageRequestParams {
  const r = obj<Runtime.SamplingRequest>(request, field);
  const stop = list<string>(r.stopSequences, `${field}.stopSequences`).map((s, i) =>
    str(s, `${field}.stopSequences[${i}]`),
  );
  return compact({
    messages: list<Runtime.SamplingMessage>(r.messages, `${field}.messages`).map((message, i) => {
      const at = `${field}.messages[${i}]`;
      const m = obj<Runtime.SamplingMessage>(message, at);
      return { role: role(m.role, `${at}.role`), content: samplingContentToMcp(m.content, `${at}.content`) };
    }),
    systemPrompt: optStr(r.systemPrompt, `${field}.systemPrompt`),
    maxTokens: count(r.maxTokens, `${field}.maxTokens`),
    temperature: optNum(r.temperature, `${field}.temperature`),
    stopSequences: stop.length > 0 ? stop : undefined,
    modelPreferences: parseOptionalJsonObject(r.modelPreferences, `${field}.modelPreferences`),
    metadata: parseOptionalJsonObject(r.metadata, `${field}.metadata`),
  }) as CreateMessageRequestParams;
}

/** Converts MCP `sampling/createMessage` params to the WIT sampling request. */
export function samplingRequestFromMcp(
  params: CreateMessageRequestParams,
  field = "params",
): Runtime.SamplingRequest {
  return {
    messages: params.messages.map((message: McpSamplingMessage, i) => ({
      role: role(message.role, `${field}.messages[${i}].role`),
      content: samplingContentFromMcp(message.content, `${field}.messages[${i}].content`),
    })),
    systemPrompt: params.systemPrompt,
    maxTokens: params.maxTokens,
    temperature: params.temperature,
    stopSequences: [...(params.stopSequences ?? [])],
    modelPreferences:
      params.modelPreferences === undefined ? undefined : JSON.stringify(params.modelPreferences),
    metadata: params.metadata === undefined ? undefined : JSON.stringify(params.metadata),
  };
}

/** Converts the client's `sampling/createMessage` result to what `request-sampling` returns. */
export function samplingResultToWit(
  result: CreateMessageResult | Record<string, unknown>,
  field = "result",
): Runtime.SamplingResult {
  const r = obj<Record<string, unknown>>(result, field);
  return {
    role: role(r.role, `${field}.role`),
    content: samplingContentFromMcp(r.content, `${field}.content`),
    model: str(r.model, `${field}.model`),
    stopReason: optStr(r.stopReason, `${field}.stopReason`),
  };
}

/** Converts a WIT sampling result to the MCP `sampling/createMessage` result. */
export function samplingResultFromWit(result: Runtime.SamplingResult, field = "result"): CreateMessageResult {
  const r = obj<Runtime.SamplingResult>(result, field);
  return compact({
    role: role(r.role, `${field}.role`),
    content: samplingContentToMcp(r.content, `${field}.content`),
    model: str(r.model, `${field}.model`),
    stopReason: optStr(r.stopReason, `${field}.stopReason`),
  });
}

import { type Content, isContentItem, toWitContent, toWitResourceContents } from "./content.js";
import type { CompleteReturn, PromptMessage, PromptReturn, ReadReturn, ToolResult } from "./definitions.js";
import { messageOf } from "./errors.js";
import type { WitCompletionResult, WitPromptResult, WitReadResourceResult, WitToolResult } from "./wit.js";

/** MCP allows at most 100 completion values per answer. */
const MAX_COMPLETIONS = 100;

/**
 * The WIT tool result for whatever a tool handler returned. A plain object that is neither content
 * nor a result is structured content when the tool declares an output schema (sent as JSON text
 * too, for clients that ignore `structuredContent`), and JSON text otherwise.
 */
export function toolResultToWit(value: unknown, hasOutputSchema: boolean): WitToolResult {
  if (value === undefined || value === null) return { content: [], isError: false };
  if (typeof value === "string" || isContentItem(value)) {
    return { content: [toWitContent(value as Content)], isError: false };
  }
  if (Array.isArray(value)) return { content: value.map((c: Content) => toWitContent(c)), isError: false };
  if (typeof value === "object" && isToolResult(value)) {
    const { content = [], structuredContent, isError = false } = value;
    const structured = structuredContent === undefined ? undefined : JSON.stringify(structuredContent);
    const blocks =
      content.length === 0 && structured ? [toWitContent(structured)] : content.map(toWitContent);
    return { content: blocks, structuredContent: structured, isError };
  }
  const json = JSON.stringify(value);
  return {
    content: [toWitContent(json)],
    structuredContent: hasOutputSchema ? json : undefined,
    isError: false,
  };
}

/** The tool result the model sees when a tool handler throws something other than an McpError. */
export function toolErrorToWit(error: unknown): WitToolResult {
  return { content: [toWitContent(messageOf(error))], isError: true };
}

function isToolResult(value: object): value is ToolResult {
  return (
    (Array.isArray((value as ToolResult).content) || "structuredContent" in value || "isError" in value) &&
    !("type" in value)
  );
}

/** The WIT read result for whatever a resource handler returned; `uri`/`mimeType` fill gaps. */
export function readResultToWit(value: ReadReturn, uri: string, mimeType?: string): WitReadResourceResult {
  if (typeof value === "string") return { contents: [{ tag: "text", val: { uri, mimeType, text: value } }] };
  if (value instanceof Uint8Array)
    return { contents: [{ tag: "blob", val: { uri, mimeType, blob: value } }] };
  const list = Array.isArray(value) ? value : "contents" in value ? value.contents : [value];
  return {
    contents: list.map((c) => toWitResourceContents({ ...c, mimeType: c.mimeType ?? mimeType }, uri)),
  };
}

/** The WIT prompt result for whatever a prompt handler returned. */
export function promptResultToWit(value: PromptReturn, description?: string): WitPromptResult {
  if (typeof value === "string") {
    return { description, messages: [{ role: "user", content: toWitContent(value) }] };
  }
  const messages: PromptMessage[] = Array.isArray(value) ? value : value.messages;
  return {
    description: Array.isArray(value) ? description : (value.description ?? description),
    messages: messages.map((m) => ({ role: m.role, content: toWitContent(m.content) })),
  };
}

/** The WIT completion result: at most 100 values, with the total and `hasMore` when cut. */
export function completionToWit(value: CompleteReturn): WitCompletionResult {
  const { values, total, hasMore } = Array.isArray(value) ? { values: value } : value;
  const sent = values.slice(0, MAX_COMPLETIONS);
  return {
    values: sent,
    total: total ?? (values.length > sent.length ? values.length : undefined),
    hasMore: hasMore ?? values.length > sent.length,
  };
}

export { messageOf };

import type { CallToolResult, GetPromptResult, ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import type { Types } from "@wasi-mcp/bindings";
import { bool, list, obj, optStr, str } from "./checks.js";
import { compact } from "./compact.js";
import {
  contentBlockFromMcp,
  contentBlockToMcp,
  promptMessageFromMcp,
  promptMessageToMcp,
  resourceContentsFromMcp,
  resourceContentsToMcp,
} from "./content.js";
import { parseJsonObject } from "./json.js";

/** Converts a WIT tool result to an MCP `tools/call` result. */
export function toolResultToMcp(result: Types.ToolResult, field = ""): CallToolResult {
  const r = obj<Types.ToolResult>(result, field || "result");
  return compact({
    content: list<Types.ContentBlock>(r.content, at(field, "content")).map((block, i) =>
      contentBlockToMcp(block, `${at(field, "content")}[${i}]`),
    ),
    structuredContent:
      r.structuredContent === undefined
        ? undefined
        : parseJsonObject(
            str(r.structuredContent, at(field, "structuredContent")),
            at(field, "structuredContent"),
          ),
    isError: bool(r.isError, at(field, "isError")) ? true : undefined,
  });
}

/** Converts an MCP `tools/call` result (from an upstream server) to a WIT tool result. */
export function toolResultFromMcp(result: CallToolResult, field = ""): Types.ToolResult {
  return {
    content: (result.content ?? []).map((block, i) =>
      contentBlockFromMcp(block, `${at(field, "content")}[${i}]`),
    ),
    structuredContent:
      result.structuredContent === undefined ? undefined : JSON.stringify(result.structuredContent),
    isError: result.isError === true,
  };
}

/** Converts a WIT read-resource result to an MCP `resources/read` result. */
export function readResourceResultToMcp(result: Types.ReadResourceResult, field = ""): ReadResourceResult {
  const r = obj<Types.ReadResourceResult>(result, field || "result");
  return {
    contents: list<Types.ResourceContents>(r.contents, at(field, "contents")).map((contents, i) =>
      resourceContentsToMcp(contents, `${at(field, "contents")}[${i}]`),
    ),
  };
}

/** Converts an MCP `resources/read` result to a WIT read-resource result. */
export function readResourceResultFromMcp(result: ReadResourceResult, field = ""): Types.ReadResourceResult {
  return {
    contents: result.contents.map((contents, i) =>
      resourceContentsFromMcp(contents, `${at(field, "contents")}[${i}]`),
    ),
  };
}

/** Converts a WIT prompt result to an MCP `prompts/get` result. */
export function promptResultToMcp(result: Types.PromptResult, field = ""): GetPromptResult {
  const r = obj<Types.PromptResult>(result, field || "result");
  return compact({
    description: optStr(r.description, at(field, "description")),
    messages: list<Types.PromptMessage>(r.messages, at(field, "messages")).map((message, i) =>
      promptMessageToMcp(message, `${at(field, "messages")}[${i}]`),
    ),
  });
}

/** Converts an MCP `prompts/get` result to a WIT prompt result. */
export function promptResultFromMcp(result: GetPromptResult, field = ""): Types.PromptResult {
  return {
    description: result.description,
    messages: result.messages.map((message, i) =>
      promptMessageFromMcp(message, `${at(field, "messages")}[${i}]`),
    ),
  };
}

/** `field.key`, or `key` alone for a top-level result (the handler's return value). */
function at(field: string, key: string): string {
  return field ? `${field}.${key}` : key;
}

import type { CallToolResult, GetPromptResult, ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import type { Types } from "@wasi-mcp/bindings";
import { compact } from "./compact.js";
import { contentBlockToMcp, promptMessageToMcp, resourceContentsToMcp } from "./content.js";
import { parseJsonObject } from "./json.js";

/** Converts a WIT tool result to an MCP `tools/call` result. */
export function toolResultToMcp(result: Types.ToolResult): CallToolResult {
  return compact({
    content: result.content.map(contentBlockToMcp),
    structuredContent:
      result.structuredContent === undefined
        ? undefined
        : parseJsonObject(result.structuredContent, "structuredContent"),
    isError: result.isError ? true : undefined,
  });
}

/** Converts a WIT read-resource result to an MCP `resources/read` result. */
export function readResourceResultToMcp(result: Types.ReadResourceResult): ReadResourceResult {
  return { contents: result.contents.map(resourceContentsToMcp) };
}

/** Converts a WIT prompt result to an MCP `prompts/get` result. */
export function promptResultToMcp(result: Types.PromptResult): GetPromptResult {
  return compact({ description: result.description, messages: result.messages.map(promptMessageToMcp) });
}

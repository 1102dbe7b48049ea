import type { Types } from "@wasi-mcp/bindings";
import { promptResultToMcp, readResourceResultToMcp, toolResultToMcp } from "@wasi-mcp/conversions";
import type { HandlerName } from "./worker-protocol.js";

/** Converts what a handler export returned into the MCP form the host thread expects. */
export function convertHandlerResult(handler: HandlerName, value: unknown): unknown {
  switch (handler) {
    case "callTool":
      return toolResultToMcp(value as Types.ToolResult);
    case "readResource":
      return readResourceResultToMcp(value as Types.ReadResourceResult);
    case "getPrompt":
      return promptResultToMcp(value as Types.PromptResult);
    case "handleComplete": {
      const result = value as Types.CompletionResult;
      return {
        values: result.values.slice(0, 100),
        ...(result.total === undefined ? {} : { total: result.total }),
        hasMore: result.hasMore || result.values.length > 100,
      };
    }
    case "handleSubscribe":
    case "handleUnsubscribe":
      return undefined;
    case "handleElicit":
      return value;
  }
}

import type { Types } from "@wasi-mcp/bindings";
import {
  completionResultToMcp,
  promptResultToMcp,
  readResourceResultToMcp,
  toolResultToMcp,
} from "@wasi-mcp/conversions";
import type { HandlerName } from "./guest-events.js";

/** Converts what a handler export returned into the MCP form the host thread expects. */
export function convertHandlerResult(handler: HandlerName, value: unknown): unknown {
  switch (handler) {
    case "callTool":
      return toolResultToMcp(value as Types.ToolResult);
    case "readResource":
      return readResourceResultToMcp(value as Types.ReadResourceResult);
    case "getPrompt":
      return promptResultToMcp(value as Types.PromptResult);
    case "handleComplete":
      return completionResultToMcp(value as Types.CompletionResult);
    case "handleSubscribe":
    case "handleUnsubscribe":
      return undefined;
    case "handleElicit":
      return value;
  }
}

/**
 * @module @wasi-mcp/conversions
 *
 * Pure conversions between `wasi:mcp` WIT values (as jco lifts and lowers them) and the MCP SDK's
 * types. Invalid guest data raises a {@link HostError} with code `WIT_CONVERSION` that names the
 * offending field.
 *
 * @example
 * ```ts
 * import { toolToMcp, toolResultToMcp } from "@wasi-mcp/conversions";
 * const tool = toolToMcp({ name: "echo", inputSchema: '{"type":"object"}' }, "tools[0]");
 * const result = toolResultToMcp({ content: [{ tag: "text", val: { text: "hi" } }], isError: false });
 * ```
 */
export { base64ToBytes, bytesToBase64 } from "./binary.js";
export { compact } from "./compact.js";
export {
  annotationsFromMcp,
  annotationsToMcp,
  contentBlockFromMcp,
  contentBlockToMcp,
  type McpResourceContents,
  promptMessageFromMcp,
  promptMessageToMcp,
  resourceContentsFromMcp,
  resourceContentsToMcp,
} from "./content.js";
export {
  type McpRequestInfo,
  progressTokenFromWit,
  progressTokenToWit,
  requestContextToWit,
} from "./context.js";
export { promptToMcp, resourceTemplateToMcp, resourceToMcp, toolToMcp } from "./definitions.js";
export { conversionError, HostError, type HostErrorCode } from "./errors.js";
export { type JsonObject, parseJsonObject, parseJsonText, parseOptionalJsonObject } from "./json.js";
export { promptResultToMcp, readResourceResultToMcp, toolResultToMcp } from "./results.js";
export { type McpServerIdentity, serverInfoToMcp } from "./server-info.js";
export { guestErrorFrom, guestErrorToMcp, RESOURCE_NOT_FOUND, WIT_ERROR_TO_JSONRPC } from "./wire-errors.js";

/**
 * @module @wasi-mcp/conversions
 *
 * Pure conversions between `wasi:mcp` WIT values (as jco lifts and lowers them) and the MCP SDK's
 * types, both directions, for every type of the `runtime`, `handlers` and `client` interfaces.
 * Invalid guest data raises a {@link HostError} with code `WIT_CONVERSION` that names the
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
export {
  clientCapabilitiesFromWit,
  clientCapabilitiesToWit,
  serverCapabilitiesFromMcp,
  serverCapabilitiesToMcp,
} from "./capabilities.js";
export { initializeResultFromWit, initializeResultToWit } from "./client.js";
export { compact } from "./compact.js";
export {
  completionArgumentFromWit,
  completionArgumentToWit,
  completionReferenceFromWit,
  completionReferenceToWit,
  completionResultFromMcp,
  completionResultToMcp,
  type McpCompletionReference,
  pairsToRecord,
  recordToPairs,
} from "./completion.js";
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
  requestContextFromWit,
  requestContextToWit,
} from "./context.js";
export {
  implementationFromMcp,
  implementationToMcp,
  promptFromMcp,
  promptToMcp,
  resourceFromMcp,
  resourceTemplateFromMcp,
  resourceTemplateToMcp,
  resourceToMcp,
  toolFromMcp,
  toolToMcp,
} from "./definitions.js";
export {
  elicitationRequestFromMcp,
  elicitationRequestToMcp,
  elicitationResultFromWit,
  elicitationResultToWit,
} from "./elicitation.js";
export { conversionError, HostError, type HostErrorCode } from "./errors.js";
export {
  INPUT_CAPABILITY,
  INPUT_KEY_PATTERN,
  inputAnswerToWit,
  inputRequestToMcp,
  type McpInputRequest,
  rootsToWit,
} from "./input.js";
export { type JsonObject, parseJsonObject, parseJsonText, parseOptionalJsonObject } from "./json.js";
export {
  logFromMcp,
  logToMcp,
  notificationFromMcp,
  notificationToMcp,
  progressFromMcp,
  progressToMcp,
} from "./notifications.js";
export {
  promptResultFromMcp,
  promptResultToMcp,
  readResourceResultFromMcp,
  readResourceResultToMcp,
  toolResultFromMcp,
  toolResultToMcp,
} from "./results.js";
export {
  samplingRequestFromMcp,
  samplingRequestToMcp,
  samplingResultFromWit,
  samplingResultToWit,
} from "./sampling.js";
export { type McpServerIdentity, serverInfoFromMcp, serverInfoToMcp } from "./server-info.js";
export {
  guestErrorFrom,
  guestErrorToMcp,
  mcpErrorToGuest,
  RESOURCE_NOT_FOUND,
  WIT_ERROR_TO_JSONRPC,
} from "./wire-errors.js";

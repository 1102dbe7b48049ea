import type { Runtime, Types } from "@wasi-mcp/bindings";
import {
  contentBlockFromMcp,
  contentBlockToMcp,
  parseJsonObject,
  parseOptionalJsonObject,
} from "@wasi-mcp/conversions";
import type { ClientBoundRequest } from "@wasi-mcp/router";

/** Builds the `sampling/createMessage` request for a component's `request-sampling`. */
export function samplingRequestToMcp(request: Runtime.SamplingRequest): ClientBoundRequest {
  const params: Record<string, unknown> = {
    messages: request.messages.map((message) => ({
      role: message.role,
      content: contentBlockToMcp(message.content),
    })),
    maxTokens: request.maxTokens,
  };
  if (request.systemPrompt !== undefined) params.systemPrompt = request.systemPrompt;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.stopSequences.length > 0) params.stopSequences = request.stopSequences;
  const preferences = parseOptionalJsonObject(request.modelPreferences, "modelPreferences");
  if (preferences) params.modelPreferences = preferences;
  const metadata = parseOptionalJsonObject(request.metadata, "metadata");
  if (metadata) params.metadata = metadata;
  return { method: "sampling/createMessage", params } as ClientBoundRequest;
}

/** Converts the client's `sampling/createMessage` result for the component. */
export function samplingResultFromMcp(result: Record<string, unknown>): Runtime.SamplingResult {
  const content = Array.isArray(result.content) ? result.content[0] : result.content;
  return {
    role: result.role === "user" ? "user" : "assistant",
    content: contentBlockFromMcp(content as Parameters<typeof contentBlockFromMcp>[0], "content"),
    model: String(result.model ?? ""),
    stopReason: typeof result.stopReason === "string" ? result.stopReason : undefined,
  };
}

/** Builds the `elicitation/create` request for a component's `request-elicitation`. */
export function elicitationRequestToMcp(request: Types.ElicitationRequest): ClientBoundRequest {
  return {
    method: "elicitation/create",
    params: {
      message: request.message,
      requestedSchema: parseJsonObject(request.requestedSchema, "requestedSchema"),
    },
  } as ClientBoundRequest;
}

/** Converts the client's `elicitation/create` result for the component. */
export function elicitationResultFromMcp(result: Record<string, unknown>): Types.ElicitationResult {
  const action = result.action;
  if (action !== "accept" && action !== "decline" && action !== "cancel") {
    throw new Error(`the client answered elicitation with an unknown action ${JSON.stringify(action)}`);
  }
  return { action, content: result.content === undefined ? undefined : JSON.stringify(result.content) };
}

import {
  type ClientCapabilities,
  CreateMessageResultSchema,
  CreateMessageResultWithToolsSchema,
  ElicitResultSchema,
  ErrorCode,
  ListRootsResultSchema,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
import type { ClientBoundRequest } from "./backend.js";
import type { Extra } from "./route-table.js";
import type { SchemaValidator } from "./schema-validator.js";

/** Options of one server→client request. */
export interface ClientRequestOptions {
  timeoutMs: number;
  validator: SchemaValidator;
}

/**
 * Sends a sampling, elicitation or roots request to the client of the request being handled,
 * related to it (over Streamable HTTP it travels on that request's SSE stream). Fails with
 * `-32601` (data `{ code: "unsupported-operation", capability }`) when the client did not declare
 * the capability, `-32001` past the timeout or when the handled request is cancelled.
 */
export async function requestClient(
  extra: Extra,
  capabilities: ClientCapabilities | undefined,
  request: ClientBoundRequest,
  options: ClientRequestOptions,
): Promise<Record<string, unknown>> {
  assertClientCapability(capabilities, request);
  const sendOptions = { timeout: options.timeoutMs, signal: extra.signal };
  switch (request.method) {
    case "sampling/createMessage": {
      const withTools = request.params.tools !== undefined;
      const schema = withTools ? CreateMessageResultWithToolsSchema : CreateMessageResultSchema;
      return extra.sendRequest(request, schema, sendOptions);
    }
    case "elicitation/create": {
      const result = await extra.sendRequest(request, ElicitResultSchema, sendOptions);
      checkElicitedContent(request, result, options.validator);
      return result;
    }
    case "roots/list":
      return extra.sendRequest(request, ListRootsResultSchema, sendOptions);
  }
}

function assertClientCapability(
  capabilities: ClientCapabilities | undefined,
  request: ClientBoundRequest,
): void {
  const missing = missingCapability(capabilities, request);
  if (missing === undefined) return;
  const reason =
    capabilities === undefined
      ? "the client has not initialized the session"
      : `the client did not declare the \`${missing}\` capability`;
  throw new McpError(ErrorCode.MethodNotFound, `Client does not support ${request.method}: ${reason}`, {
    code: "unsupported-operation",
    capability: missing,
  });
}

function missingCapability(
  capabilities: ClientCapabilities | undefined,
  request: ClientBoundRequest,
): string | undefined {
  switch (request.method) {
    case "sampling/createMessage": {
      if (!capabilities?.sampling) return "sampling";
      const needsTools = request.params.tools !== undefined || request.params.toolChoice !== undefined;
      return needsTools && !capabilities.sampling.tools ? "sampling.tools" : undefined;
    }
    case "elicitation/create": {
      const elicitation = capabilities?.elicitation;
      if (!elicitation) return "elicitation";
      if (request.params.mode === "url") return elicitation.url ? undefined : "elicitation.url";
      // An empty `elicitation: {}` (2025-06-18 clients) means form mode.
      const formOnly = elicitation.form === undefined && elicitation.url === undefined;
      return formOnly || elicitation.form ? undefined : "elicitation.form";
    }
    case "roots/list":
      return capabilities?.roots ? undefined : "roots";
  }
}

function checkElicitedContent(
  request: Extract<ClientBoundRequest, { method: "elicitation/create" }>,
  result: { action: string; content?: Record<string, unknown> | undefined },
  validator: SchemaValidator,
): void {
  const schema = "requestedSchema" in request.params ? request.params.requestedSchema : undefined;
  if (result.action !== "accept" || result.content === undefined || schema === undefined) return;
  const outcome = validator.validate(schema, result.content);
  if (!outcome.ok) {
    throw new McpError(
      ErrorCode.InvalidParams,
      `Elicitation response content does not match the requested schema: ${outcome.message}`,
    );
  }
}

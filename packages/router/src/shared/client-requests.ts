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
import type { AnswerSchema, ClientReplay, Extra } from "./route-table.js";
import type { SchemaValidator } from "./schema-validator.js";

/** Options of one server→client request. */
export interface ClientRequestOptions {
  timeoutMs: number;
  validator: SchemaValidator;
  /** On the 2026 face, the request's key in `inputRequests` (default: its position). */
  inputKey?: string | undefined;
}

/**
 * Sends a sampling, elicitation or roots request to the client of the request being handled,
 * related to it (over Streamable HTTP it travels on that request's SSE stream). Fails with
 * `-32601` (data `{ code: "unsupported-operation", capability }`) when the client did not declare
 * the capability, `-32001` past the timeout or when the handled request is cancelled. On the 2026
 * face the request is answered by replay (MRTR): from the retry's recorded answers, or the replay
 * aborts the request's signal with a `ReplayRequested` reason and the request rejects with it;
 * `options.inputKey` names it in `inputRequests`. There a
 * missing capability also marks the whole request for `-32021` (see `ClientReplay.refuse`).
 */
export async function requestClient(
  extra: Extra,
  capabilities: ClientCapabilities | undefined,
  request: ClientBoundRequest,
  options: ClientRequestOptions,
): Promise<Record<string, unknown>> {
  if (extra.replay) return answeredByReplay(extra.replay, capabilities, request, options);
  assertClientCapability(capabilities, request);
  const sendOptions = { timeout: options.timeoutMs, signal: extra.signal };
  const result = await extra.sendRequest(request, answerSchemaOf(request) as never, sendOptions);
  if (request.method === "elicitation/create") checkElicitedContent(request, result, options.validator);
  return result as Record<string, unknown>;
}

/**
 * The same request for callers that cannot wait (a component running in the host's own thread):
 * answered at once where the request has a replay (the 2026 face), with the checks of
 * {@link requestClient}; elsewhere the capability check, then `-32601` (data
 * `unsupported-operation`): the client would have to be waited for.
 */
export function requestClientNow(
  extra: Extra,
  capabilities: ClientCapabilities | undefined,
  request: ClientBoundRequest,
  options: Pick<ClientRequestOptions, "validator" | "inputKey">,
): Record<string, unknown> {
  if (extra.replay) return answeredByReplay(extra.replay, capabilities, request, options);
  assertClientCapability(capabilities, request);
  throw new McpError(
    ErrorCode.MethodNotFound,
    `${request.method} needs an answer from the client, which this caller cannot wait for`,
    { code: "unsupported-operation" },
  );
}

/**
 * A request answered at once from the 2026 face's replay: the recorded answer, or the replay
 * aborts the request's signal (`ReplayRequested`) and throws its reason. A capability the request
 * did not declare is also reported to the replay (`ClientReplay.refuse`), so the request is
 * answered `-32021` whatever the backend does next.
 */
function answeredByReplay(
  replay: ClientReplay,
  capabilities: ClientCapabilities | undefined,
  request: ClientBoundRequest,
  options: Pick<ClientRequestOptions, "validator" | "inputKey">,
): Record<string, unknown> {
  const missing = missingCapability(capabilities, request);
  if (missing !== undefined) replay.refuse(requiredCapabilities(missing));
  assertClientCapability(capabilities, request);
  const result = replay.answer(request, answerSchemaOf(request) as unknown as AnswerSchema, options.inputKey);
  if (request.method === "elicitation/create") {
    checkElicitedContent(request, result as { action: string }, options.validator);
  }
  return result;
}

function answerSchemaOf(request: ClientBoundRequest) {
  switch (request.method) {
    case "sampling/createMessage":
      return request.params.tools !== undefined
        ? CreateMessageResultWithToolsSchema
        : CreateMessageResultSchema;
    case "elicitation/create":
      return ElicitResultSchema;
    case "roots/list":
      return ListRootsResultSchema;
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

/**
 * A missing capability's dotted name (`sampling`, `elicitation.url`) in the `ClientCapabilities`
 * shape the `-32021` error's `data.requiredCapabilities` carries.
 *
 * @example
 * ```ts
 * requiredCapabilities("sampling.tools"); // { sampling: { tools: {} } }
 * ```
 */
export function requiredCapabilities(missing: string): ClientCapabilities {
  return missing
    .split(".")
    .reduceRight<Record<string, unknown>>((inner, name) => ({ [name]: inner }), {}) as ClientCapabilities;
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
  result: { action: string; content?: unknown },
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

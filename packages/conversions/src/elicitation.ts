import type { ElicitRequestFormParams, ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import type { Types } from "@wasi-mcp/bindings";
import { obj, oneOf, optStr, str } from "./checks.js";
import { conversionError } from "./errors.js";
import { parseJsonObject } from "./json.js";

const ACTIONS: readonly Types.ElicitationAction[] = ["accept", "decline", "cancel"];

/**
 * Converts a guest's elicitation request to the params of MCP `elicitation/create` (form mode).
 * `requestedSchema` must be a JSON object schema with `"type": "object"` and `properties`.
 *
 * @example
 * ```ts
 * elicitationRequestToMcp({ message: "Name?", requestedSchema: '{"type":"object","properties":{"name":{"type":"string"}}}' });
 * ```
 */
export function elicitationRequestToMcp(
  request: Types.ElicitationRequest,
  field = "request",
): ElicitRequestFormParams {
  const r = obj<Types.ElicitationRequest>(request, field);
  const at = `${field}.requestedSchema`;
  const schema = parseJsonObject(str(r.requestedSchema, at), at);
  if (schema.type !== "object") conversionError(at, 'must have "type": "object"');
  if (
    typeof schema.properties !== "object" ||
    schema.properties === null ||
    Array.isArray(schema.properties)
  ) {
    conversionError(at, "must have a `properties` object");
  }
  return {
    message: str(r.message, `${field}.message`),
    requestedSchema: schema as ElicitRequestFormParams["requestedSchema"],
  };
}

/** Converts MCP `elicitation/create` params (form mode) to the WIT elicitation request. */
export function elicitationRequestFromMcp(params: ElicitRequestFormParams): Types.ElicitationRequest {
  return { message: params.message, requestedSchema: JSON.stringify(params.requestedSchema) };
}

/** Converts the client's answer to an elicitation to the WIT result. */
export function elicitationResultToWit(result: ElicitResult, field = "result"): Types.ElicitationResult {
  return {
    action: oneOf(result.action, ACTIONS, `${field}.action`),
    content: result.content === undefined ? undefined : JSON.stringify(result.content),
  };
}

/** Converts a guest's elicitation result (from `handle-elicit`) to the MCP result. */
export function elicitationResultFromWit(result: Types.ElicitationResult, field = "result"): ElicitResult {
  const r = obj<Types.ElicitationResult>(result, field);
  const action = oneOf(r.action, ACTIONS, `${field}.action`);
  const text = optStr(r.content, `${field}.content`);
  if (text === undefined) return { action };
  if (action !== "accept")
    conversionError(`${field}.content`, `only an "accept" carries content, not "${action}"`);
  return { action, content: parseJsonObject(text, `${field}.content`) as ElicitResult["content"] };
}

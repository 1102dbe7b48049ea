import type {
  CreateMessageRequestParams,
  ElicitRequestFormParams,
  ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";
import type { Runtime } from "@wasi-mcp/bindings";
import { list, obj, optStr, str } from "./checks.js";
import { elicitationRequestToMcp, elicitationResultToWit } from "./elicitation.js";
import { conversionError } from "./errors.js";
import { samplingRequestToMcp, samplingResultToWit } from "./sampling.js";

/** An input request in MCP form: the server→client request a WIT `input-request` stands for. */
export type McpInputRequest =
  | { method: "sampling/createMessage"; params: CreateMessageRequestParams }
  | { method: "elicitation/create"; params: ElicitRequestFormParams }
  | { method: "roots/list"; params: Record<string, never> };

/** The client capability each kind of input request needs. */
export const INPUT_CAPABILITY = {
  sampling: "sampling",
  elicitation: "elicitation",
  roots: "roots",
} as const satisfies Record<Runtime.InputRequest["tag"], string>;

/** The characters and length a `keyed-input-request.key` may have. */
export const INPUT_KEY_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Converts a guest's `input-request` to the MCP request it stands for.
 *
 * @example
 * ```ts
 * inputRequestToMcp({ tag: "roots" }); // { method: "roots/list", params: {} }
 * ```
 */
export function inputRequestToMcp(request: Runtime.InputRequest, field = "request"): McpInputRequest {
  const r = obj<Runtime.InputRequest>(request, field);
  switch (r.tag) {
    case "sampling":
      return { method: "sampling/createMessage", params: samplingRequestToMcp(r.val, `${field}.val`) };
    case "elicitation":
      return { method: "elicitation/create", params: elicitationRequestToMcp(r.val, `${field}.val`) };
    case "roots":
      return { method: "roots/list", params: {} };
    default:
      return conversionError(
        `${field}.tag`,
        `unknown input request "${String((r as { tag: unknown }).tag)}"`,
      );
  }
}

/**
 * Converts the client's answer to an input request of kind `kind` to the WIT `input-answer`.
 *
 * @example
 * ```ts
 * inputAnswerToWit("roots", { roots: [{ uri: "file:///src" }] });
 * ```
 */
export function inputAnswerToWit(
  kind: Runtime.InputRequest["tag"],
  result: Record<string, unknown>,
  field = "result",
): Runtime.InputAnswer {
  switch (kind) {
    case "sampling":
      return { tag: "sampling", val: samplingResultToWit(result, field) };
    case "elicitation":
      return { tag: "elicitation", val: elicitationResultToWit(result as ElicitResult, field) };
    case "roots":
      return { tag: "roots", val: rootsToWit(result, field) };
  }
}

/** Converts a `roots/list` result to the WIT roots. */
export function rootsToWit(result: Record<string, unknown>, field = "result"): Runtime.Root[] {
  const r = obj<Record<string, unknown>>(result, field);
  return list<Record<string, unknown>>(r.roots, `${field}.roots`).map((root, i) => {
    const at = `${field}.roots[${i}]`;
    const entry = obj<Record<string, unknown>>(root, at);
    const name = optStr(entry.name, `${at}.name`);
    return { uri: str(entry.uri, `${at}.uri`), ...(name === undefined ? {} : { name }) };
  });
}

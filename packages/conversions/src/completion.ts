import type { CompleteRequest, CompleteResult } from "@modelcontextprotocol/sdk/types.js";
import type { Types } from "@wasi-mcp/bindings";
import { bool, count, list, obj, oneOf, str } from "./checks.js";
import { compact } from "./compact.js";

/** The `ref` of an MCP `completion/complete` request. */
export type McpCompletionReference = CompleteRequest["params"]["ref"];

/** Converts the `ref` of a `completion/complete` request to the WIT completion reference. */
export function completionReferenceToWit(ref: McpCompletionReference): Types.CompletionReference {
  return ref.type === "ref/prompt"
    ? { tag: "prompt", val: ref.name }
    : { tag: "resource-template", val: ref.uri };
}

/** Converts a WIT completion reference to the MCP `ref`. */
export function completionReferenceFromWit(
  reference: Types.CompletionReference,
  field = "reference",
): McpCompletionReference {
  const r = obj<Types.CompletionReference>(reference, field);
  const tag = oneOf(r.tag, ["prompt", "resource-template"], `${field}.tag`);
  const val = str(r.val, `${field}.val`);
  return tag === "prompt" ? { type: "ref/prompt", name: val } : { type: "ref/resource", uri: val };
}

/** Converts the argument being completed (identical shapes; checked when it comes from a guest). */
export function completionArgumentFromWit(
  argument: Types.CompletionArgument,
  field = "argument",
): { name: string; value: string } {
  const a = obj<Types.CompletionArgument>(argument, field);
  return { name: str(a.name, `${field}.name`), value: str(a.value, `${field}.value`) };
}

/** Converts the MCP argument being completed to WIT. */
export function completionArgumentToWit(argument: { name: string; value: string }): Types.CompletionArgument {
  return { name: argument.name, value: argument.value };
}

/**
 * Converts a guest's completion result to the MCP `completion`. Values are passed as they are
 * (the router caps them at 100); `hasMore: false` is omitted only when it says nothing.
 */
export function completionResultToMcp(
  result: Types.CompletionResult,
  field = "completion",
): CompleteResult["completion"] {
  const r = obj<Types.CompletionResult>(result, field);
  return compact({
    values: list<string>(r.values, `${field}.values`).map((value, i) => str(value, `${field}.values[${i}]`)),
    total: r.total === undefined ? undefined : count(r.total, `${field}.total`),
    hasMore: bool(r.hasMore, `${field}.hasMore`),
  });
}

/** Converts an MCP `completion` to the WIT completion result (absent `hasMore` is `false`). */
export function completionResultFromMcp(completion: CompleteResult["completion"]): Types.CompletionResult {
  return { values: [...completion.values], total: completion.total, hasMore: completion.hasMore === true };
}

/** Converts string pairs (prompt arguments, completion context) from WIT to a record. */
export function pairsToRecord(pairs: ReadonlyArray<[string, string]>, field: string): Record<string, string> {
  // fromEntries defines own properties, so a "__proto__" key stays a key.
  return Object.fromEntries(
    list<[string, string]>(pairs, field).map((pair, i) => {
      const [key, value] = list<string>(pair, `${field}[${i}]`);
      return [str(key, `${field}[${i}][0]`), str(value, `${field}[${i}][1]`)];
    }),
  );
}

/** Converts a record of strings to WIT string pairs. */
export function recordToPairs(record: Readonly<Record<string, string>>): Array<[string, string]> {
  return Object.entries(record);
}

import type { CompleteReturn, Completer, Context } from "./definitions.js";
import { McpError } from "./errors.js";
import { type Awaitable, andThen } from "./flow.js";
import { completionToWit } from "./results.js";
import type { Catalog, ServerDefinition } from "./server.js";
import type { WitCompletionArgument, WitCompletionReference, WitCompletionResult } from "./wit.js";

/**
 * `completion/complete`: the argument's own completer (prompt argument or template variable),
 * else the server's fallback `complete`, else no suggestions.
 */
export function dispatchComplete(
  catalog: Catalog,
  fallback: ServerDefinition["complete"],
  ctx: Context,
  ref: WitCompletionReference,
  argument: WitCompletionArgument,
  pairs: Array<[string, string]>,
): Awaitable<WitCompletionResult> {
  const context = Object.fromEntries(pairs);
  const own = ownCompleter(catalog, ref, argument.name);
  let result: Awaitable<CompleteReturn>;
  if (own) {
    result = own(argument.value, context);
  } else if (fallback) {
    const target =
      ref.tag === "prompt"
        ? { type: "prompt" as const, name: ref.val }
        : { type: "resourceTemplate" as const, uriTemplate: ref.val };
    result = fallback(target, { name: argument.name, value: argument.value }, context, ctx);
  } else {
    result = [];
  }
  return andThen(result, completionToWit);
}

function ownCompleter(catalog: Catalog, ref: WitCompletionReference, name: string): Completer | undefined {
  if (ref.tag === "prompt") {
    const found = catalog.prompts.get(ref.val);
    if (!found) throw new McpError("invalid-params", `Unknown prompt: ${ref.val}`);
    return found.arguments.find((a) => a.name === name)?.complete;
  }
  const found = catalog.templates.find((t) => t.template.uriTemplate === ref.val);
  if (!found) throw new McpError("invalid-params", `Unknown resource template: ${ref.val}`);
  return found.template.complete?.[name];
}

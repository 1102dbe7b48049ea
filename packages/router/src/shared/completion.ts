import { CompleteRequestSchema, type CompleteResult } from "@modelcontextprotocol/sdk/types.js";
import type { CompletionReference, McpBackend } from "./backend.js";
import { guardBackendCall, invalidParams, quoted } from "./errors.js";
import { findByName, parseTemplate } from "./lookup.js";
import type { RouteTable } from "./route-table.js";
import type { RouterSession } from "./session.js";

/** The spec's cap on completion values per response. */
export const MAX_COMPLETION_VALUES = 100;

/**
 * Registers `completion/complete` for `ref/prompt` (an existing prompt and one of its arguments)
 * and `ref/resource` (an existing resource template and one of its variables, or a listed
 * resource). More than 100 values are cut to 100 with `hasMore: true`.
 */
export function registerCompletion(server: RouteTable, session: RouterSession): void {
  const { backend, report } = session.context;
  const complete = backend.complete?.bind(backend);
  if (!complete) return;
  server.route(CompleteRequestSchema, async (request, extra) => {
    const { ref, argument } = request.params;
    const reference: CompletionReference =
      ref.type === "ref/prompt"
        ? { type: "ref/prompt", name: ref.name }
        : { type: "ref/resource", uri: ref.uri };
    assertCompletable(backend, reference, argument.name);
    const context = request.params.context?.arguments ?? {};
    const completion = await guardBackendCall(`completing ${quoted(argument.name)}`, report, () =>
      complete(reference, argument, context, session.backendRequest(extra, request.params._meta)),
    );
    return { completion: capValues(completion) };
  });
}

function assertCompletable(backend: McpBackend, reference: CompletionReference, argument: string): void {
  if (reference.type === "ref/prompt") {
    const prompt = findByName(backend.listPrompts(), reference.name);
    if (!prompt) throw invalidParams(`Unknown prompt: ${quoted(reference.name)}`);
    if (!(prompt.arguments ?? []).some((arg) => arg.name === argument)) {
      throw invalidParams(`Prompt ${quoted(reference.name)} has no argument ${quoted(argument)}`);
    }
    return;
  }
  const template = backend.listResourceTemplates().find((t) => t.uriTemplate === reference.uri);
  if (template) {
    const variables = parseTemplate(template)?.variableNames ?? [];
    if (!variables.includes(argument)) {
      throw invalidParams(`Resource template ${quoted(reference.uri)} has no variable ${quoted(argument)}`);
    }
    return;
  }
  if (!backend.listResources().some((resource) => resource.uri === reference.uri)) {
    throw invalidParams(`Unknown resource or resource template: ${quoted(reference.uri)}`);
  }
}

function capValues(completion: CompleteResult["completion"]): CompleteResult["completion"] {
  if (completion.values.length <= MAX_COMPLETION_VALUES) return completion;
  return { ...completion, values: completion.values.slice(0, MAX_COMPLETION_VALUES), hasMore: true };
}

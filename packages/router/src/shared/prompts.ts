import { GetPromptRequestSchema, ListPromptsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { guardBackendCall, invalidParams, quoted } from "./errors.js";
import { findByName } from "./lookup.js";
import { paginate } from "./pagination.js";
import type { RouteTable } from "./route-table.js";
import type { RouterSession } from "./session.js";

/** Registers `prompts/list` (paginated) and `prompts/get` (required arguments checked). */
export function registerPrompts(server: RouteTable, session: RouterSession): void {
  const { backend, pageSize, report } = session.context;
  server.route(ListPromptsRequestSchema, (request) => {
    const page = paginate("prompts", backend.listPrompts(), request.params?.cursor, pageSize, (p) => p.name);
    return page.nextCursor === undefined
      ? { prompts: page.items }
      : { prompts: page.items, nextCursor: page.nextCursor };
  });
  server.route(GetPromptRequestSchema, (request, extra) => {
    const { name } = request.params;
    const prompt = findByName(backend.listPrompts(), name);
    if (!prompt) throw invalidParams(`Unknown prompt: ${quoted(name)}`);
    const args = request.params.arguments ?? {};
    const missing = (prompt.arguments ?? []).filter((arg) => arg.required && args[arg.name] === undefined);
    if (missing.length > 0) {
      const names = missing.map((arg) => arg.name).join(", ");
      throw invalidParams(
        `Missing required argument${missing.length > 1 ? "s" : ""} for prompt ${quoted(name)}: ${names}`,
      );
    }
    return guardBackendCall(`prompt ${quoted(name)}`, report, () =>
      backend.getPrompt(name, args, session.backendRequest(extra, request.params._meta)),
    );
  });
}

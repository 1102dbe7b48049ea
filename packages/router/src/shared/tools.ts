import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { guardBackendCall, invalidParams, quoted } from "./errors.js";
import { findByName } from "./lookup.js";
import { paginate } from "./pagination.js";
import type { Extra, RouteTable } from "./route-table.js";
import type { SchemaValidator } from "./schema-validator.js";
import type { RouterSession } from "./session.js";

type CallToolParams = {
  name: string;
  arguments?: Record<string, unknown> | undefined;
  _meta?: Record<string, unknown> | undefined;
};

/** Registers `tools/list` (paginated) and `tools/call` (validated in and out). */
export function registerTools(server: RouteTable, session: RouterSession): void {
  const { backend, pageSize } = session.context;
  server.route(ListToolsRequestSchema, (request) => {
    const page = paginate("tools", backend.listTools(), request.params?.cursor, pageSize, nameOf);
    return page.nextCursor === undefined
      ? { tools: page.items }
      : { tools: page.items, nextCursor: page.nextCursor };
  });
  server.route(CallToolRequestSchema, (request, extra) => callTool(session, request.params, extra));
}

async function callTool(
  session: RouterSession,
  params: CallToolParams,
  extra: Extra,
): Promise<CallToolResult> {
  const { backend, validator, report } = session.context;
  const { name } = params;
  const tool = findByName(backend.listTools(), name);
  if (!tool) throw invalidParams(`Unknown tool: ${quoted(name)}`);
  const args = params.arguments ?? {};
  const invalid = checkSchema(validator, tool, "inputSchema", args);
  if (invalid !== undefined) {
    const message = `Invalid arguments for tool ${quoted(name)}: ${invalid}`;
    if (session.context.invalidArguments === "result") {
      return { content: [{ type: "text", text: message }], isError: true };
    }
    throw invalidParams(message);
  }
  const result = await guardBackendCall(`tool ${quoted(name)}`, report, () =>
    backend.callTool(name, args, session.backendRequest(extra, params._meta)),
  );
  checkStructuredContent(validator, tool, result);
  return result;
}

function checkStructuredContent(validator: SchemaValidator, tool: Tool, result: CallToolResult): void {
  if (!tool.outputSchema || result.isError) return;
  if (result.structuredContent === undefined) {
    throw new McpError(
      ErrorCode.InternalError,
      `Tool ${tool.name} has an output schema but returned no structured content`,
    );
  }
  const invalid = checkSchema(validator, tool, "outputSchema", result.structuredContent);
  if (invalid !== undefined) {
    throw new McpError(
      ErrorCode.InternalError,
      `Tool ${tool.name} returned structured content that does not match its output schema: ${invalid}`,
    );
  }
}

/** Returns ajv's message when `value` does not match the tool's schema, `undefined` when it does. */
function checkSchema(
  validator: SchemaValidator,
  tool: Tool,
  key: "inputSchema" | "outputSchema",
  value: unknown,
): string | undefined {
  const schema = tool[key];
  if (!schema) return undefined;
  try {
    const outcome = validator.validate(schema, value);
    return outcome.ok ? undefined : outcome.message;
  } catch (error) {
    throw new McpError(
      ErrorCode.InternalError,
      `Tool ${tool.name} has an invalid ${key}: ${(error as Error).message}`,
    );
  }
}

function nameOf(item: { name: string }): string {
  return item.name;
}

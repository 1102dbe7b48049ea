import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { guardBackendCall, invalidParams, quoted } from "./errors.js";
import { type InvocationRecord, principalOf } from "./invocations.js";
import { findByName } from "./lookup.js";
import { paginate } from "./pagination.js";
import { printable } from "./printable.js";
import { RATE_LIMITED } from "./rate-limits.js";
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
  const { toolAccess } = session.context;
  server.route(ListToolsRequestSchema, (request, extra) => {
    const all = backend.listTools();
    const visible = toolAccess
      ? all.filter((tool) => toolAccess.missingScopes(tool.name, extra.authInfo).length === 0)
      : all;
    const page = paginate("tools", visible, request.params?.cursor, pageSize, nameOf);
    return page.nextCursor === undefined
      ? { tools: page.items }
      : { tools: page.items, nextCursor: page.nextCursor };
  });
  server.route(CallToolRequestSchema, (request, extra) =>
    session.context.invocationLog
      ? loggedCall(session, request.params, extra)
      : callTool(session, request.params, extra),
  );
}

/** {@link callTool} with its invocation record. */
async function loggedCall(
  session: RouterSession,
  params: CallToolParams,
  extra: Extra,
): Promise<CallToolResult> {
  const { invocationLog, logsArguments, report } = session.context;
  const started = performance.now();
  const time = new Date().toISOString();
  let outcome: InvocationRecord["outcome"] = "error";
  let errorCode: number | undefined;
  try {
    const result = await callTool(session, params, extra);
    outcome = result.isError ? "tool-error" : "ok";
    return result;
  } catch (error) {
    if (error instanceof ToolRefused) outcome = "refused";
    if (error instanceof RateLimited) outcome = "rate-limited";
    if (error instanceof McpError) errorCode = error.code;
    throw error;
  } finally {
    const record: InvocationRecord = {
      time,
      principal: principalOf(extra.authInfo),
      method: "tools/call",
      tool: printable(params.name),
      outcome,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      ...(logsArguments(params.name) ? { arguments: params.arguments ?? {} } : {}),
      ...(errorCode === undefined ? {} : { errorCode }),
    };
    try {
      invocationLog?.(record);
    } catch (error) {
      report(error, "the invocation log");
    }
  }
}

/** A call of a tool the caller may not use: answered exactly as an unknown tool. */
class ToolRefused extends McpError {}

/** A call past a rate limit. */
class RateLimited extends McpError {}

async function callTool(
  session: RouterSession,
  params: CallToolParams,
  extra: Extra,
): Promise<CallToolResult> {
  const { backend, validator, report } = session.context;
  const { name } = params;
  const tool = findByName(backend.listTools(), name);
  if (!tool) throw invalidParams(`Unknown tool: ${quoted(name)}`);
  if (session.context.toolAccess?.missingScopes(name, extra.authInfo).length) {
    throw new ToolRefused(ErrorCode.InvalidParams, `Unknown tool: ${quoted(name)}`);
  }
  const wait = session.context.rateLimiter?.take(extra.authInfo, name) ?? 0;
  if (wait > 0) {
    throw new RateLimited(RATE_LIMITED, `Rate limit exceeded: retry in ${wait} ms`, { retryAfterMs: wait });
  }
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

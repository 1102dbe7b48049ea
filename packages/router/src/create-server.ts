import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { BackendRequest, McpBackend } from "./backend.js";
import { guardBackendCall, type InternalErrorReporter, invalidParams, RESOURCE_NOT_FOUND } from "./errors.js";
import { findByName, matchTemplate } from "./lookup.js";
import { SchemaValidator } from "./schema-validator.js";

/** Options of {@link createMcpServer}. */
export interface CreateMcpServerOptions {
  /** Receives backend errors that were hidden from the client as internal errors. Default: stderr. */
  onInternalError?: InternalErrorReporter;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Creates an MCP server (the SDK's low-level `Server`) that answers every method of the
 * backend's advertised capabilities. Connect it to any SDK transport.
 *
 * @example
 * ```ts
 * const server = createMcpServer(createPlainBackend({ name: "demo", version: "1.0.0", tools }));
 * await server.connect(new StdioServerTransport());
 * ```
 */
export function createMcpServer(backend: McpBackend, options: CreateMcpServerOptions = {}): Server {
  const identity = backend.identity();
  const server = new Server(identity.serverInfo, {
    capabilities: identity.capabilities,
    ...(identity.instructions === undefined ? {} : { instructions: identity.instructions }),
  });
  const report = options.onInternalError ?? reportToStderr;
  const validator = new SchemaValidator();
  const caps = identity.capabilities;
  if (caps.tools) registerTools(server, backend, validator, report);
  if (caps.resources) registerResources(server, backend, report);
  if (caps.prompts) registerPrompts(server, backend, report);
  return server;
}

function registerTools(
  server: Server,
  backend: McpBackend,
  validator: SchemaValidator,
  report: InternalErrorReporter,
) {
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...backend.listTools()] }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name } = request.params;
    const tool = findByName(backend.listTools(), name);
    if (!tool) throw invalidParams(`Unknown tool: ${name}`);
    const args = request.params.arguments ?? {};
    checkSchema(validator, tool, "inputSchema", args, (message) =>
      invalidParams(`Invalid arguments for tool ${name}: ${message}`),
    );
    const result = await guardBackendCall(`tool ${name}`, report, () =>
      backend.callTool(name, args, backendRequest(extra, request.params._meta)),
    );
    checkStructuredContent(validator, tool, result);
    return result;
  });
}

function checkStructuredContent(validator: SchemaValidator, tool: Tool, result: CallToolResult): void {
  if (!tool.outputSchema || result.isError) return;
  if (result.structuredContent === undefined) {
    throw new McpError(
      ErrorCode.InternalError,
      `Tool ${tool.name} has an output schema but returned no structured content`,
    );
  }
  checkSchema(
    validator,
    tool,
    "outputSchema",
    result.structuredContent,
    (message) =>
      new McpError(
        ErrorCode.InternalError,
        `Tool ${tool.name} returned structured content that does not match its output schema: ${message}`,
      ),
  );
}

function checkSchema(
  validator: SchemaValidator,
  tool: Tool,
  key: "inputSchema" | "outputSchema",
  value: unknown,
  onInvalid: (message: string) => McpError,
): void {
  const schema = tool[key];
  if (!schema) return;
  let outcome: ReturnType<SchemaValidator["validate"]>;
  try {
    outcome = validator.validate(schema, value);
  } catch (error) {
    throw new McpError(
      ErrorCode.InternalError,
      `Tool ${tool.name} has an invalid ${key}: ${(error as Error).message}`,
    );
  }
  if (!outcome.ok) throw onInvalid(outcome.message);
}

function registerResources(server: Server, backend: McpBackend, report: InternalErrorReporter) {
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: [...backend.listResources()] }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: [...backend.listResourceTemplates()],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    const { uri } = request.params;
    const known =
      backend.listResources().some((resource) => resource.uri === uri) ||
      matchTemplate(backend.listResourceTemplates(), uri) !== undefined;
    if (!known) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri}`, { uri });
    return guardBackendCall(`reading ${uri}`, report, () =>
      backend.readResource(uri, backendRequest(extra, request.params._meta)),
    );
  });
}

function registerPrompts(server: Server, backend: McpBackend, report: InternalErrorReporter) {
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: [...backend.listPrompts()] }));
  server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => {
    const { name } = request.params;
    const prompt = findByName(backend.listPrompts(), name);
    if (!prompt) throw invalidParams(`Unknown prompt: ${name}`);
    const args = request.params.arguments ?? {};
    const missing = (prompt.arguments ?? []).filter((arg) => arg.required && args[arg.name] === undefined);
    if (missing.length > 0) {
      throw invalidParams(
        `Missing required argument${missing.length > 1 ? "s" : ""} for prompt ${name}: ${missing.map((a) => a.name).join(", ")}`,
      );
    }
    return guardBackendCall(`prompt ${name}`, report, () =>
      backend.getPrompt(name, args, backendRequest(extra, request.params._meta)),
    );
  });
}

function backendRequest(extra: Extra, meta: Record<string, unknown> | undefined): BackendRequest {
  return { requestId: extra.requestId, sessionId: extra.sessionId, meta, signal: extra.signal };
}

function reportToStderr(error: unknown, context: string): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`[@wasi-mcp/router] ${context} failed: ${detail}\n`);
}

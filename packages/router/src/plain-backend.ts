import type {
  CallToolResult,
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  ServerCapabilities,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { BackendIdentity, BackendRequest, McpBackend } from "./backend.js";
import { findByName, matchTemplate } from "./lookup.js";

/** A tool of a plain-JS backend: the MCP definition plus its implementation. */
export interface PlainTool extends Tool {
  /** Answers `tools/call`. */
  call(args: Record<string, unknown>, request: BackendRequest): CallToolResult | Promise<CallToolResult>;
}

/** A resource of a plain-JS backend. */
export interface PlainResource extends Resource {
  /** Answers `resources/read` for this URI. */
  read(uri: string, request: BackendRequest): ReadResourceResult | Promise<ReadResourceResult>;
}

/** A resource template of a plain-JS backend. */
export interface PlainResourceTemplate extends ResourceTemplate {
  /** Answers `resources/read` for a URI matching the template. */
  read(uri: string, request: BackendRequest): ReadResourceResult | Promise<ReadResourceResult>;
}

/** A prompt of a plain-JS backend. */
export interface PlainPrompt extends Prompt {
  /** Answers `prompts/get`. */
  get(args: Record<string, string>, request: BackendRequest): GetPromptResult | Promise<GetPromptResult>;
}

/** Definition of a plain-JS backend. */
export interface PlainBackendDefinition {
  name: string;
  version: string;
  title?: string;
  instructions?: string;
  tools?: PlainTool[];
  resources?: PlainResource[];
  resourceTemplates?: PlainResourceTemplate[];
  prompts?: PlainPrompt[];
}

/**
 * An {@link McpBackend} made of plain JavaScript functions: use the router without Wasm, or test it.
 * Capabilities follow from what is defined.
 *
 * @example
 * ```ts
 * const backend = createPlainBackend({
 *   name: "demo",
 *   version: "1.0.0",
 *   tools: [{ name: "echo", inputSchema: { type: "object" }, call: (args) => ({ content: [{ type: "text", text: String(args.text) }] }) }],
 * });
 * ```
 */
export function createPlainBackend(definition: PlainBackendDefinition): McpBackend {
  const tools = definition.tools ?? [];
  const resources = definition.resources ?? [];
  const templates = definition.resourceTemplates ?? [];
  const prompts = definition.prompts ?? [];
  const strip = <T extends object>(item: T, fn: "call" | "read" | "get"): T => {
    const { [fn]: _omit, ...rest } = item as Record<string, unknown>;
    return rest as T;
  };
  const toolList = tools.map((t) => strip(t, "call"));
  const resourceList = resources.map((r) => strip(r, "read"));
  const templateList = templates.map((t) => strip(t, "read"));
  const promptList = prompts.map((p) => strip(p, "get"));
  const capabilities: ServerCapabilities = {};
  if (tools.length > 0) capabilities.tools = {};
  if (resources.length > 0 || templates.length > 0) capabilities.resources = {};
  if (prompts.length > 0) capabilities.prompts = {};
  const identity: BackendIdentity = {
    serverInfo: {
      name: definition.name,
      version: definition.version,
      ...(definition.title ? { title: definition.title } : {}),
    },
    capabilities,
    ...(definition.instructions === undefined ? {} : { instructions: definition.instructions }),
  };
  return {
    identity: () => identity,
    listTools: () => toolList,
    listResources: () => resourceList,
    listResourceTemplates: () => templateList,
    listPrompts: () => promptList,
    async callTool(name, args, request) {
      return required(findByName(tools, name), name).call(args, request);
    },
    async readResource(uri, request) {
      const owner = resources.find((r) => r.uri === uri) ?? matchTemplateOwner(templates, uri);
      return required(owner, uri).read(uri, request);
    },
    async getPrompt(name, args, request) {
      return required(findByName(prompts, name), name).get(args, request);
    },
  };
}

function matchTemplateOwner(
  templates: PlainResourceTemplate[],
  uri: string,
): PlainResourceTemplate | undefined {
  return matchTemplate(templates, uri) as PlainResourceTemplate | undefined;
}

function required<T>(value: T | undefined, key: string): T {
  // The router checks existence first, so this only trips when the backend is used directly.
  if (value === undefined) throw new Error(`[@wasi-mcp/router] plain backend has no "${key}"`);
  return value;
}

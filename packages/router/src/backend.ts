import type {
  CallToolResult,
  GetPromptResult,
  Implementation,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  ServerCapabilities,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";

/** What a backend announces in the `initialize` result. */
export interface BackendIdentity {
  /** `serverInfo` of the initialize result. */
  serverInfo: Implementation;
  /** The capabilities to advertise; the router registers handlers for exactly these. */
  capabilities: ServerCapabilities;
  /** `instructions` of the initialize result. */
  instructions?: string;
}

/** The request a backend call belongs to. */
export interface BackendRequest {
  /** JSON-RPC id of the request. */
  requestId: string | number;
  /** Transport session id, when the transport has sessions. */
  sessionId?: string | undefined;
  /** `params._meta` of the request. */
  meta?: Record<string, unknown> | undefined;
  /** Aborted when the client cancels the request or the connection closes. */
  signal: AbortSignal;
}

/**
 * The small interface the router routes MCP onto. The router owns the protocol (validation,
 * lookup, errors); a backend only lists definitions and answers calls for names and URIs that
 * exist. Throw an `McpError` to choose the JSON-RPC error; any other error becomes an internal
 * error without its message or stack reaching the client.
 *
 * @example
 * ```ts
 * const backend: McpBackend = createPlainBackend({ name: "demo", version: "1.0.0", tools: [...] });
 * ```
 */
export interface McpBackend {
  /** Server identity and capabilities; read once per connection at `initialize`. */
  identity(): BackendIdentity;
  /** Tools in a stable order. */
  listTools(): readonly Tool[];
  /** Calls an existing tool with arguments already validated against its input schema. */
  callTool(name: string, args: Record<string, unknown>, request: BackendRequest): Promise<CallToolResult>;
  /** Concrete resources in a stable order. */
  listResources(): readonly Resource[];
  /** Resource templates in a stable order. */
  listResourceTemplates(): readonly ResourceTemplate[];
  /** Reads a listed resource or a URI matching a listed template. */
  readResource(uri: string, request: BackendRequest): Promise<ReadResourceResult>;
  /** Prompts in a stable order. */
  listPrompts(): readonly Prompt[];
  /** Gets an existing prompt; required arguments are present. */
  getPrompt(name: string, args: Record<string, string>, request: BackendRequest): Promise<GetPromptResult>;
}

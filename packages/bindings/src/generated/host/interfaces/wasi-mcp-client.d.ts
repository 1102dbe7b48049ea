/** @module Interface wasi:mcp/client@0.2.0 **/
/**
 * Opens a connection to the server the policy names `server`.
 */
export function connect(server: string): Connection;
/**
 * Runs the MCP handshake on a connection.
 */
export function initialize(conn: Connection, clientInfo: Implementation): InitializeResult;
/**
 * Lists the server's tools (all pages).
 */
export function listTools(conn: Connection): Array<ToolDefinition>;
/**
 * Calls a tool; `arguments` is JSON text.
 */
export function callTool(conn: Connection, name: string, arguments: Json): ToolResult;
/**
 * Lists the server's resources (all pages).
 */
export function listResources(conn: Connection): Array<ResourceDefinition>;
/**
 * Reads a resource.
 */
export function readResource(conn: Connection, uri: string): ReadResourceResult;
/**
 * Lists the server's prompts (all pages).
 */
export function listPrompts(conn: Connection): Array<PromptDefinition>;
/**
 * Gets a prompt.
 */
export function getPrompt(conn: Connection, name: string, arguments: Array<[string, string]>): PromptResult;
/**
 * Closes a connection.
 */
export function disconnect(conn: Connection): void;
export type Error = import('./wasi-mcp-types.js').Error;
export type Json = import('./wasi-mcp-types.js').Json;
export type Implementation = import('./wasi-mcp-types.js').Implementation;
export type ToolDefinition = import('./wasi-mcp-types.js').ToolDefinition;
export type ResourceDefinition = import('./wasi-mcp-types.js').ResourceDefinition;
export type PromptDefinition = import('./wasi-mcp-types.js').PromptDefinition;
export type ToolResult = import('./wasi-mcp-types.js').ToolResult;
export type ReadResourceResult = import('./wasi-mcp-types.js').ReadResourceResult;
export type PromptResult = import('./wasi-mcp-types.js').PromptResult;
export type ServerCapabilities = import('./wasi-mcp-capabilities.js').ServerCapabilities;
/**
 * A connection handle, valid until `disconnect`.
 */
export type Connection = number;
/**
 * What the server answered to `initialize`.
 */
export interface InitializeResult {
  protocolVersion: string,
  serverInfo: Implementation,
  capabilities: ServerCapabilities,
  instructions?: string,
}

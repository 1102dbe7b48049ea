/** @module Interface wasi:mcp/handlers@0.2.0 **/
/**
 * `tools/call`. `arguments` is the JSON text of the arguments object.
 */
export function callTool(ctx: RequestContext, name: string, arguments: Json): ToolResult;
/**
 * `resources/read`, for a registered resource or a URI matching a registered template.
 */
export function readResource(ctx: RequestContext, uri: string): ReadResourceResult;
/**
 * `prompts/get`. Required arguments are present.
 */
export function getPrompt(ctx: RequestContext, name: string, arguments: Array<[string, string]>): PromptResult;
/**
 * `resources/subscribe`: the first session subscribing to `uri`. The host tracks sessions and
 * delivers `resource-updated` notifications only to subscribed sessions.
 */
export function handleSubscribe(ctx: RequestContext, uri: string): void;
/**
 * `resources/unsubscribe`: the last session unsubscribing from `uri`.
 */
export function handleUnsubscribe(ctx: RequestContext, uri: string): void;
/**
 * `completion/complete`. `context` holds the arguments already resolved.
 */
export function handleComplete(ctx: RequestContext, reference: CompletionReference, argument: CompletionArgument, context: Array<[string, string]>): CompletionResult;
/**
 * Answers an `elicitation/create` request that an MCP server this component is a client of
 * (world `mcp-proxy`, through `client`) sends while the component is not inside a call to it.
 * Servers that never act as clients answer `unsupported-operation`.
 */
export function handleElicit(ctx: RequestContext, request: ElicitationRequest): ElicitationResult;
export type Error = import('./wasi-mcp-types.js').Error;
export type Json = import('./wasi-mcp-types.js').Json;
export type RequestContext = import('./wasi-mcp-types.js').RequestContext;
export type ToolResult = import('./wasi-mcp-types.js').ToolResult;
export type ReadResourceResult = import('./wasi-mcp-types.js').ReadResourceResult;
export type PromptResult = import('./wasi-mcp-types.js').PromptResult;
export type CompletionReference = import('./wasi-mcp-types.js').CompletionReference;
export type CompletionArgument = import('./wasi-mcp-types.js').CompletionArgument;
export type CompletionResult = import('./wasi-mcp-types.js').CompletionResult;
export type ElicitationRequest = import('./wasi-mcp-types.js').ElicitationRequest;
export type ElicitationResult = import('./wasi-mcp-types.js').ElicitationResult;

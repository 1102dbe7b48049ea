/// <reference path="./wasi-mcp-content.d.ts" />
declare module 'wasi:mcp/types@0.2.0' {
  export type ContentBlock = import('wasi:mcp/content@0.2.0').ContentBlock;
  export type ResourceContents = import('wasi:mcp/content@0.2.0').ResourceContents;
  export type PromptMessage = import('wasi:mcp/content@0.2.0').PromptMessage;
  /**
   * A UTF-8 JSON text (RFC 8259).
   */
  export type Json = string;
  /**
   * Error categories; each maps onto one JSON-RPC error code (see docs/wit.md).
   * # Variants
   * 
   * ## `"parse-error"`
   * 
   * Invalid JSON was received (-32700).
   * ## `"invalid-request"`
   * 
   * The request is not valid (-32600).
   * ## `"method-not-found"`
   * 
   * The method does not exist (-32601).
   * ## `"invalid-params"`
   * 
   * Invalid parameters, including unknown tool or prompt names (-32602).
   * ## `"internal-error"`
   * 
   * An internal error (-32603).
   * ## `"resource-not-found"`
   * 
   * The resource does not exist (-32002).
   * ## `"unsupported-operation"`
   * 
   * The operation is not supported by this component or peer.
   * ## `"unauthorized"`
   * 
   * The caller is not allowed to do this (policy or capability denied).
   * ## `"timeout"`
   * 
   * The operation did not finish before its deadline.
   * ## `"cancelled"`
   * 
   * The operation was cancelled by the client.
   */
  export type ErrorCode = 'parse-error' | 'invalid-request' | 'method-not-found' | 'invalid-params' | 'internal-error' | 'resource-not-found' | 'unsupported-operation' | 'unauthorized' | 'timeout' | 'cancelled';
  /**
   * An error that a guest returns or receives. A plain record, so a guest can construct one.
   */
  export interface Error {
    code: ErrorCode,
    /**
     * Human-readable description; sent to the client as the JSON-RPC error message.
     */
    message: string,
    /**
     * Optional JSON text with extra detail; sent as the JSON-RPC error `data`.
     */
    data?: Json,
  }
  /**
   * A progress token chosen by the client (`_meta.progressToken`).
   */
  export type ProgressToken = ProgressTokenString | ProgressTokenInteger;
  export interface ProgressTokenString {
    tag: 'string',
    val: string,
  }
  export interface ProgressTokenInteger {
    tag: 'integer',
    val: bigint,
  }
  /**
   * Per-request context the host passes to every handler.
   */
  export interface RequestContext {
    /**
     * The JSON-RPC id of the request, as JSON text (e.g. `7` or `"abc"`); unique per session.
     */
    requestId: Json,
    /**
     * The transport session the request arrived on, when the transport has sessions.
     */
    sessionId?: string,
    /**
     * The progress token the client attached, if any; pass it to `runtime.report-progress`.
     */
    progressToken?: ProgressToken,
    /**
     * Request `_meta` as JSON text, when present.
     */
    meta?: Json,
  }
  /**
   * Name and version of an MCP implementation (client or server).
   */
  export interface Implementation {
    name: string,
    version: string,
    title?: string,
  }
  /**
   * Behaviour hints for a tool. Hints only: never a security decision.
   */
  export interface ToolAnnotations {
    title?: string,
    readOnlyHint?: boolean,
    destructiveHint?: boolean,
    idempotentHint?: boolean,
    openWorldHint?: boolean,
  }
  /**
   * A tool a server provides.
   */
  export interface ToolDefinition {
    /**
     * Unique within the server.
     */
    name: string,
    title?: string,
    description?: string,
    /**
     * JSON Schema (JSON text) of the arguments object; passed to clients unchanged.
     */
    inputSchema: Json,
    /**
     * JSON Schema (JSON text) of `structured-content`, if the tool returns structured output.
     */
    outputSchema?: Json,
    annotations?: ToolAnnotations,
  }
  /**
   * A concrete resource a server provides.
   */
  export interface ResourceDefinition {
    /**
     * Unique within the server.
     */
    uri: string,
    name: string,
    title?: string,
    description?: string,
    mimeType?: string,
    size?: bigint,
  }
  /**
   * A family of resources addressed by an RFC 6570 URI template.
   */
  export interface ResourceTemplate {
    uriTemplate: string,
    name: string,
    title?: string,
    description?: string,
    mimeType?: string,
  }
  /**
   * One argument of a prompt. Prompt arguments are strings.
   */
  export interface PromptArgument {
    name: string,
    title?: string,
    description?: string,
    required: boolean,
  }
  /**
   * A prompt template a server provides.
   */
  export interface PromptDefinition {
    /**
     * Unique within the server.
     */
    name: string,
    title?: string,
    description?: string,
    arguments: Array<PromptArgument>,
  }
  /**
   * The result of a tool call.
   */
  export interface ToolResult {
    content: Array<ContentBlock>,
    /**
     * JSON text conforming to the tool's output schema, when it has one.
     */
    structuredContent?: Json,
    /**
     * True when the tool failed in a way the model should see (not a protocol error).
     */
    isError: boolean,
  }
  /**
   * The result of reading a resource: one or more contents.
   */
  export interface ReadResourceResult {
    contents: Array<ResourceContents>,
  }
  /**
   * The result of getting a prompt.
   */
  export interface PromptResult {
    description?: string,
    messages: Array<PromptMessage>,
  }
  /**
   * What a completion request refers to.
   */
  export type CompletionReference = CompletionReferencePrompt | CompletionReferenceResourceTemplate;
  /**
   * A prompt, by name.
   */
  export interface CompletionReferencePrompt {
    tag: 'prompt',
    val: string,
  }
  /**
   * A resource template, by its URI template.
   */
  export interface CompletionReferenceResourceTemplate {
    tag: 'resource-template',
    val: string,
  }
  /**
   * The argument being completed: its name and the partial value typed so far.
   */
  export interface CompletionArgument {
    name: string,
    value: string,
  }
  /**
   * Completion suggestions.
   */
  export interface CompletionResult {
    /**
     * At most 100 values.
     */
    values: Array<string>,
    total?: number,
    hasMore: boolean,
  }
  /**
   * The user's answer to an elicitation.
   * # Variants
   * 
   * ## `"accept"`
   * 
   * ## `"decline"`
   * 
   * ## `"cancel"`
   */
  export type ElicitationAction = 'accept' | 'decline' | 'cancel';
  /**
   * A request for structured input from the user.
   */
  export interface ElicitationRequest {
    message: string,
    /**
     * JSON text of a flat JSON Schema object (primitive properties only), per the MCP spec.
     */
    requestedSchema: Json,
  }
  /**
   * The answer to an elicitation request.
   */
  export interface ElicitationResult {
    action: ElicitationAction,
    /**
     * JSON text of the submitted object, when `action` is `accept`.
     */
    content?: Json,
  }
}

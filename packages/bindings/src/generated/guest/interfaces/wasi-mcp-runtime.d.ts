/// <reference path="./wasi-mcp-capabilities.d.ts" />
/// <reference path="./wasi-mcp-content.d.ts" />
/// <reference path="./wasi-mcp-types.d.ts" />
declare module 'wasi:mcp/runtime@0.2.0' {
  /**
   * Registers the server's identity and declared capabilities. Call once, before `serve`.
   */
  export function registerServer(info: ServerInfo): void;
  /**
   * Adds tools. Names must be unique; schemas must be valid JSON Schema.
   */
  export function registerTools(tools: Array<ToolDefinition>): void;
  /**
   * Adds resources. URIs must be unique and well formed.
   */
  export function registerResources(resources: Array<ResourceDefinition>): void;
  /**
   * Adds resource templates (RFC 6570).
   */
  export function registerResourceTemplates(templates: Array<ResourceTemplate>): void;
  /**
   * Adds prompts. Names must be unique.
   */
  export function registerPrompts(prompts: Array<PromptDefinition>): void;
  /**
   * Hands control to the host. Returns at once; a second call is an error.
   */
  export function serve(): void;
  /**
   * Sends a notification to the connected clients. Best effort.
   */
  export function sendNotification(notification: Notification): void;
  /**
   * Logs through `notifications/message`, honouring each session's `logging/setLevel`;
   * to the host's stderr when no client is connected. `data` is JSON text.
   */
  export function log(level: LogLevel, message: string, data: Json | undefined): void;
  /**
   * Reports progress of the current request (`notifications/progress`). Does nothing when the
   * request carried no progress token.
   */
  export function reportProgress(token: ProgressToken, progress: number, total: number | undefined, message: string | undefined): void;
  /**
   * The capabilities of the client of the current request's session.
   */
  export function getClientCapabilities(): ClientCapabilities;
  /**
   * Asks the client of the current request's session to sample an LLM (`sampling/createMessage`).
   * Blocks the component until the client answers; fails with `unsupported-operation` when the
   * client lacks the capability and with `timeout` past the call's deadline. On an MCP 2026-07-28
   * request it fails with `cancelled` and `data` `{"replay":true}` when the question goes to the
   * client in a new round (see the interface notes): the call runs again with the answer.
   */
  export function requestSampling(request: SamplingRequest): SamplingResult;
  /**
   * Asks the user, through the client of the current request's session, for structured input
   * (`elicitation/create`). Same blocking and failure rules as `request-sampling`.
   */
  export function requestElicitation(request: ElicitationRequest): ElicitationResult;
  /**
   * Asks the client several questions at once and returns every answer, each under its
   * question's key, in the order asked. A 2025-11-25 client gets the requests concurrently; a
   * 2026-07-28 client gets all unanswered questions in one `input_required` result (see the
   * interface notes): the call then fails with `cancelled` and `data` `{"replay":true}` and runs
   * again with the answers. Fails with `unsupported-operation` when the client lacks a capability
   * a question needs, `invalid-params` for a bad or repeated key, `timeout` past the call's
   * deadline; a declined or cancelled elicitation is an answer, not an error.
   */
  export function requestInput(requests: Array<KeyedInputRequest>): Array<KeyedInputAnswer>;
  /**
   * Asks the client for its roots (`roots/list`). Same rules as `request-input`.
   */
  export function requestRoots(): Array<Root>;
  /**
   * Removes tools by name. Every name must be registered (else `invalid-params`, nothing removed).
   */
  export function unregisterTools(names: Array<string>): void;
  /**
   * Removes resources by URI. Every URI must be registered (else `invalid-params`, nothing removed).
   */
  export function unregisterResources(uris: Array<string>): void;
  /**
   * Removes resource templates by URI template. Every one must be registered.
   */
  export function unregisterResourceTemplates(uriTemplates: Array<string>): void;
  /**
   * Removes prompts by name. Every name must be registered (else `invalid-params`, nothing removed).
   */
  export function unregisterPrompts(names: Array<string>): void;
  /**
   * Sets (`some`) or clears (`none`) the cache hint the host attaches to a result for 2026-07-28
   * clients. Without one the host's default applies (`ttlMs: 0`, `cacheScope: private` unless the
   * host is configured otherwise). A list hint no longer holds once the list changes: clients are
   * told through the change notification.
   */
  export function setCacheHint(target: Cacheable, hint: CacheHint | undefined): void;
  /**
   * Sets whether a registered tool may run as a task (`execution.taskSupport` in `tools/list`).
   * Fails with `invalid-params` for a tool that is not registered. Additive: a component that
   * never calls it has only plain calls, as before.
   */
  export function setTaskSupport(tool: string, support: TaskSupport): void;
  export type Error = import('wasi:mcp/types@0.2.0').Error;
  export type Json = import('wasi:mcp/types@0.2.0').Json;
  export type ProgressToken = import('wasi:mcp/types@0.2.0').ProgressToken;
  export type ToolDefinition = import('wasi:mcp/types@0.2.0').ToolDefinition;
  export type ResourceDefinition = import('wasi:mcp/types@0.2.0').ResourceDefinition;
  export type ResourceTemplate = import('wasi:mcp/types@0.2.0').ResourceTemplate;
  export type PromptDefinition = import('wasi:mcp/types@0.2.0').PromptDefinition;
  export type ElicitationRequest = import('wasi:mcp/types@0.2.0').ElicitationRequest;
  export type ElicitationResult = import('wasi:mcp/types@0.2.0').ElicitationResult;
  export type LogLevel = import('wasi:mcp/content@0.2.0').LogLevel;
  export type ContentBlock = import('wasi:mcp/content@0.2.0').ContentBlock;
  export type Role = import('wasi:mcp/content@0.2.0').Role;
  export type ServerCapabilities = import('wasi:mcp/capabilities@0.2.0').ServerCapabilities;
  export type ClientCapabilities = import('wasi:mcp/capabilities@0.2.0').ClientCapabilities;
  /**
   * Identity and declared capabilities of the component's server.
   */
  export interface ServerInfo {
    name: string,
    version: string,
    title?: string,
    /**
     * Returned to clients in the initialize result.
     */
    instructions?: string,
    capabilities: ServerCapabilities,
  }
  export interface CustomNotification {
    method: string,
    params?: Json,
  }
  /**
   * A notification to send to clients.
   */
  export type Notification = NotificationToolsListChanged | NotificationResourcesListChanged | NotificationPromptsListChanged | NotificationResourceUpdated | NotificationCustom;
  export interface NotificationToolsListChanged {
    tag: 'tools-list-changed',
  }
  export interface NotificationResourcesListChanged {
    tag: 'resources-list-changed',
  }
  export interface NotificationPromptsListChanged {
    tag: 'prompts-list-changed',
  }
  /**
   * `notifications/resources/updated`, delivered only to sessions subscribed to this URI.
   */
  export interface NotificationResourceUpdated {
    tag: 'resource-updated',
    val: string,
  }
  /**
   * Any other notification: method name and JSON text of its params.
   */
  export interface NotificationCustom {
    tag: 'custom',
    val: CustomNotification,
  }
  /**
   * One message of a sampling conversation; content is text, image or audio.
   */
  export interface SamplingMessage {
    role: Role,
    content: ContentBlock,
  }
  /**
   * A `sampling/createMessage` request to the client.
   */
  export interface SamplingRequest {
    messages: Array<SamplingMessage>,
    systemPrompt?: string,
    maxTokens: number,
    temperature?: number,
    stopSequences: Array<string>,
    /**
     * JSON text of `modelPreferences`.
     */
    modelPreferences?: Json,
    /**
     * JSON text of `metadata`.
     */
    metadata?: Json,
  }
  /**
   * The client's answer to a sampling request.
   */
  export interface SamplingResult {
    role: Role,
    content: ContentBlock,
    model: string,
    stopReason?: string,
  }
  /**
   * A root the client exposes (`roots/list`).
   */
  export interface Root {
    /**
     * A `file://` URI.
     */
    uri: string,
    name?: string,
  }
  /**
   * One question for the client.
   */
  export type InputRequest = InputRequestSampling | InputRequestElicitation | InputRequestRoots;
  /**
   * `sampling/createMessage`; needs the client's `sampling` capability.
   */
  export interface InputRequestSampling {
    tag: 'sampling',
    val: SamplingRequest,
  }
  /**
   * `elicitation/create`; needs the client's `elicitation` capability.
   */
  export interface InputRequestElicitation {
    tag: 'elicitation',
    val: ElicitationRequest,
  }
  /**
   * `roots/list`; needs the client's `roots` capability.
   */
  export interface InputRequestRoots {
    tag: 'roots',
  }
  /**
   * The client's answer to an `input-request`, of the same case.
   */
  export type InputAnswer = InputAnswerSampling | InputAnswerElicitation | InputAnswerRoots;
  export interface InputAnswerSampling {
    tag: 'sampling',
    val: SamplingResult,
  }
  export interface InputAnswerElicitation {
    tag: 'elicitation',
    val: ElicitationResult,
  }
  export interface InputAnswerRoots {
    tag: 'roots',
    val: Array<Root>,
  }
  /**
   * A question and the key that names it. For a 2026-07-28 client the key is the question's key
   * in `inputRequests` and the client answers under it in `inputResponses`.
   */
  export interface KeyedInputRequest {
    /**
     * Unique within one call: letters, digits, `_`, `-` and `.`, 1 to 64 characters.
     */
    key: string,
    request: InputRequest,
  }
  /**
   * An answer and the key of its question.
   */
  export interface KeyedInputAnswer {
    key: string,
    answer: InputAnswer,
  }
  /**
   * Who may cache a result (`cacheScope`).
   * # Variants
   * 
   * ## `"public"`
   * 
   * Shared caches may keep it.
   * ## `"private"`
   * 
   * Only the requesting client may keep it.
   */
  export type CacheScope = 'public' | 'private';
  /**
   * How long a client may reuse a result without asking again (2026-07-28 `ttlMs`/`cacheScope`).
   */
  export interface CacheHint {
    ttlMs: bigint,
    scope: CacheScope,
  }
  /**
   * The results a cache hint can apply to.
   */
  export type Cacheable = CacheableToolsList | CacheablePromptsList | CacheableResourcesList | CacheableResourceTemplatesList | CacheableResourceRead;
  export interface CacheableToolsList {
    tag: 'tools-list',
  }
  export interface CacheablePromptsList {
    tag: 'prompts-list',
  }
  export interface CacheableResourcesList {
    tag: 'resources-list',
  }
  export interface CacheableResourceTemplatesList {
    tag: 'resource-templates-list',
  }
  /**
   * `resources/read` of this exact URI.
   */
  export interface CacheableResourceRead {
    tag: 'resource-read',
    val: string,
  }
  /**
   * Whether a tool's calls may run as tasks (MCP tasks: the 2026-07-28 extension
   * `io.modelcontextprotocol/tasks`, 2025-11-25's experimental tasks). The host decides when a
   * call it may run as a task becomes one; a task's call runs like any call (same handler, same
   * questions), and outlives the request that started it.
   * # Variants
   * 
   * ## `"forbidden"`
   * 
   * Never a task (the default of every tool).
   * ## `"optional"`
   * 
   * A task when the client supports tasks and the host chooses to.
   * ## `"required"`
   * 
   * Only as a task: a client without tasks support gets an error.
   */
  export type TaskSupport = 'forbidden' | 'optional' | 'required';
}

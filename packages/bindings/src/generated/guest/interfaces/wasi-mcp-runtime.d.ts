/// <reference path="./wasi-mcp-capabilities.d.ts" />
/// <reference path="./wasi-mcp-content.d.ts" />
/// <reference path="./wasi-mcp-types.d.ts" />
declare module 'wasi:mcp/runtime@0.1.0' {
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
   * client lacks the capability and with `timeout` past the call's deadline.
   */
  export function requestSampling(request: SamplingRequest): SamplingResult;
  /**
   * Asks the user, through the client of the current request's session, for structured input
   * (`elicitation/create`). Same blocking and failure rules as `request-sampling`.
   */
  export function requestElicitation(request: ElicitationRequest): ElicitationResult;
  export type Error = import('wasi:mcp/types@0.1.0').Error;
  export type Json = import('wasi:mcp/types@0.1.0').Json;
  export type ProgressToken = import('wasi:mcp/types@0.1.0').ProgressToken;
  export type ToolDefinition = import('wasi:mcp/types@0.1.0').ToolDefinition;
  export type ResourceDefinition = import('wasi:mcp/types@0.1.0').ResourceDefinition;
  export type ResourceTemplate = import('wasi:mcp/types@0.1.0').ResourceTemplate;
  export type PromptDefinition = import('wasi:mcp/types@0.1.0').PromptDefinition;
  export type ElicitationRequest = import('wasi:mcp/types@0.1.0').ElicitationRequest;
  export type ElicitationResult = import('wasi:mcp/types@0.1.0').ElicitationResult;
  export type LogLevel = import('wasi:mcp/content@0.1.0').LogLevel;
  export type ContentBlock = import('wasi:mcp/content@0.1.0').ContentBlock;
  export type Role = import('wasi:mcp/content@0.1.0').Role;
  export type ServerCapabilities = import('wasi:mcp/capabilities@0.1.0').ServerCapabilities;
  export type ClientCapabilities = import('wasi:mcp/capabilities@0.1.0').ClientCapabilities;
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
}

// The WIT shapes the kit produces and consumes, as jco generates them from wit/ (never by hand).
import type { Content, Runtime, Types } from "@wasi-mcp/bindings";

export type WitContentBlock = Content.ContentBlock;
export type WitResourceContents = Content.ResourceContents;
export type WitPromptMessage = Content.PromptMessage;
export type WitAnnotations = Content.Annotations;
export type WitRole = Content.Role;
export type LogLevel = Content.LogLevel;
export type WitError = Types.Error;
export type WitErrorCode = Types.ErrorCode;
export type WitRequestContext = Types.RequestContext;
export type WitToolResult = Types.ToolResult;
export type WitReadResourceResult = Types.ReadResourceResult;
export type WitPromptResult = Types.PromptResult;
export type WitCompletionReference = Types.CompletionReference;
export type WitCompletionArgument = Types.CompletionArgument;
export type WitCompletionResult = Types.CompletionResult;
export type WitElicitationRequest = Types.ElicitationRequest;
export type WitElicitationResult = Types.ElicitationResult;
export type WitToolDefinition = Types.ToolDefinition;
export type WitToolAnnotations = Types.ToolAnnotations;
export type WitResourceDefinition = Types.ResourceDefinition;
export type WitResourceTemplate = Types.ResourceTemplate;
export type WitPromptDefinition = Types.PromptDefinition;
export type WitServerInfo = Runtime.ServerInfo;
export type WitSamplingRequest = Runtime.SamplingRequest;
export type WitSamplingResult = Runtime.SamplingResult;
export type WitClientCapabilities = Runtime.ClientCapabilities;
export type WitNotification = Runtime.Notification;
export type WitInputRequest = Runtime.InputRequest;
export type WitInputAnswer = Runtime.InputAnswer;
export type WitCacheable = Runtime.Cacheable;
export type WitCacheHint = Runtime.CacheHint;

/** The `wasi:mcp/runtime` imports the kit calls (the real module inside a component). */
export type RuntimeModule = Pick<
  typeof Runtime,
  | "registerServer"
  | "registerTools"
  | "registerResources"
  | "registerResourceTemplates"
  | "registerPrompts"
  | "serve"
  | "sendNotification"
  | "log"
  | "reportProgress"
  | "getClientCapabilities"
  | "requestSampling"
  | "requestElicitation"
  | "requestInput"
  | "requestRoots"
  | "unregisterTools"
  | "unregisterResources"
  | "unregisterResourceTemplates"
  | "unregisterPrompts"
  | "setCacheHint"
  | "setTaskSupport"
>;

// The symbols both entry points export (everything but the runtime binding).

// The WIT namespaces, so the types of the exports `defineServer` returns can be named by
// declaration emit in an author's package (which need not depend on @wasi-mcp/bindings).
export type {
  Capabilities as WitCapabilities,
  Content as WitContent,
  Runtime as WitRuntime,
  Types as WitTypes,
} from "@wasi-mcp/bindings";
export {
  audio,
  type Bytes,
  type Content,
  type ContentItem,
  embedded,
  image,
  type ResourceContent,
  text,
} from "./content.js";
export type { ClientCapabilities, QuestionOptions, RequestContext } from "./context.js";
export {
  type Annotations,
  type CacheHint,
  type CacheTarget,
  type CompleteReturn,
  type Completer,
  type Context,
  type Prompt,
  type PromptArgs,
  type PromptArgument,
  type PromptMessage,
  type PromptOptions,
  type PromptReturn,
  prompt,
  type ReadReturn,
  type Resource,
  type ResourceTemplate,
  type ResourceTemplateOptions,
  resource,
  resourceTemplate,
  type ServerHandle,
  type TaskSupport,
  type Tool,
  type ToolAnnotations,
  type ToolOptions,
  type ToolResult,
  type ToolReturn,
  tool,
} from "./definitions.js";
export { McpError, ReplayPending } from "./errors.js";
export type { Awaitable } from "./flow.js";
export { mcpHeader } from "./param-header.js";
export {
  type Answer,
  type Answers,
  type ElicitResult,
  type Question,
  question,
  type Root,
  type SampleRequest,
  type SampleResult,
} from "./questions.js";
export type { FromJsonSchema, Infer, JsonSchema, Schema, StandardSchema } from "./schema.js";
export type { CompletionRef, HandlersExport, RunExport, ServerDefinition, ServerExports } from "./server.js";
export { type Skill, type SkillOptions, type SkillsModule, skill } from "./skills.js";
export type { TemplateValues, TemplateVariables } from "./uri-template.js";
export type { LogLevel, RuntimeModule } from "./wit.js";

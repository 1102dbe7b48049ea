import type { Annotations, Content, ResourceContent } from "./content.js";
import type { RequestContext } from "./context.js";
import type { Awaitable } from "./flow.js";
import type { Infer, Schema } from "./schema.js";
import type { TemplateValues, TemplateVariables } from "./uri-template.js";
import type { LogLevel, WitRole } from "./wit.js";

/** What the server can do from inside a handler: notify, log, register more definitions. */
export interface ServerHandle {
  /** Registers more tools after start-up (`notifications/tools/list_changed`). */
  addTools(...tools: Tool[]): void;
  /** Registers more resources after start-up (`notifications/resources/list_changed`). */
  addResources(...resources: Resource[]): void;
  /** Registers more prompts after start-up (`notifications/prompts/list_changed`). */
  addPrompts(...prompts: Prompt[]): void;
  /** Removes tools by name (all must exist, else nothing is removed and it throws). */
  removeTools(...names: string[]): void;
  /** Removes resources by URI (all must exist). */
  removeResources(...uris: string[]): void;
  /** Removes resource templates by URI template (all must exist). */
  removeResourceTemplates(...uriTemplates: string[]): void;
  /** Removes prompts by name (all must exist). */
  removePrompts(...names: string[]): void;
  /**
   * Sets (or, with `undefined`, clears) how long 2026-07-28 clients may cache a list or a
   * resource's reads; see {@link CacheHint}.
   */
  setCacheHint(target: CacheTarget, hint: CacheHint | undefined): void;
  /** Tells subscribed sessions that `uri` changed. Best effort: false when not delivered. */
  resourceUpdated(uri: string): boolean;
  /** Sends any other notification. Best effort. */
  notify(method: string, params?: Record<string, unknown>): boolean;
  /** Logs through `notifications/message`. Best effort. */
  log(level: LogLevel, message: string, data?: unknown): boolean;
}

/**
 * How long and by whom a result may be cached (2026-07-28 `ttlMs`, `cacheScope`). `public`: shared
 * caches may keep it; `private`: only the requesting client. Without a hint the host's default
 * applies (`ttlMs: 0`, `private`).
 */
export interface CacheHint {
  ttlMs: number;
  scope: "public" | "private";
}

/** What a cache hint applies to: a list, or the reads of one resource (`{ read: uri }`). */
export type CacheTarget =
  | "tools/list"
  | "prompts/list"
  | "resources/list"
  | "resources/templates/list"
  | { read: string };

/** The second argument of every handler: the request's context plus the server. */
export type Context = RequestContext & { readonly server: ServerHandle };

/** A tool result with everything spelled out. */
export interface ToolResult<S = Record<string, unknown>> {
  content?: Content[];
  structuredContent?: S;
  isError?: boolean;
}

/**
 * What a tool handler may return: text, a content block, a list of them, a full result, or —
 * for a tool with an `output` schema — the structured value itself (also sent as JSON text).
 */
export type ToolReturn<O> =
  | string
  | Content
  | Content[]
  | ToolResult<O extends Schema ? Infer<O> : Record<string, unknown>>
  | (O extends Schema ? Infer<O> : never)
  | undefined
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler written as `() => { … }` returns void
  | void;

/** Behaviour hints of a tool. Hints only, never a security decision. */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** How to declare a tool; see {@link tool}. */
export interface ToolOptions<I extends Schema, O extends Schema | undefined> {
  name: string;
  title?: string;
  description?: string;
  /** JSON Schema of the arguments object, or a Standard Schema (zod…). Default: any object. */
  input?: I;
  /** Schema of `structuredContent`, when the tool returns structured output. */
  output?: O;
  annotations?: ToolAnnotations;
  /**
   * Whether calls may run as MCP tasks: `"optional"` (the host may make a long call a task for a
   * client that supports tasks), `"required"` (only as a task) or `"forbidden"` (the default).
   */
  task?: TaskSupport;
  handler: (args: Infer<I>, ctx: Context) => Awaitable<ToolReturn<O>>;
}

/** Whether a tool's calls may run as MCP tasks; see {@link ToolOptions.task}. */
export type TaskSupport = "forbidden" | "optional" | "required";

/** A declared tool (the handler's types erased). */
export interface Tool {
  readonly kind: "tool";
  readonly name: string;
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  readonly input: Schema;
  readonly output?: Schema | undefined;
  readonly annotations?: ToolAnnotations | undefined;
  readonly task?: TaskSupport | undefined;
  readonly handler: (args: unknown, ctx: Context) => Awaitable<unknown>;
}

/** What a resource read may return: text, bytes, one contents object, several, or `{ contents }`. */
export type ReadReturn =
  | string
  | Uint8Array
  | ResourceContent
  | ResourceContent[]
  | { contents: ResourceContent[] };

/** A concrete resource; see {@link resource}. */
export interface Resource {
  readonly kind?: "resource";
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
  /** How long 2026-07-28 clients may cache its reads. */
  cache?: CacheHint;
  handler: (uri: string, ctx: Context) => Awaitable<ReadReturn>;
}

/** What a completion callback may return: values, or values with a total. At most 100 are sent. */
export type CompleteReturn = string[] | { values: string[]; total?: number; hasMore?: boolean };

/** Completes the partial `value` of one argument, given the arguments already resolved. */
export type Completer = (value: string, context: Record<string, string>) => Awaitable<CompleteReturn>;

/** How to declare a resource template; see {@link resourceTemplate}. */
export interface ResourceTemplateOptions<T extends string> {
  uriTemplate: T;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  /** Completion of template variables. */
  complete?: { [K in TemplateVariables<T>]?: Completer };
  handler: (uri: string, variables: TemplateValues<T>, ctx: Context) => Awaitable<ReadReturn>;
}

/** A declared resource template (variable names erased). */
export interface ResourceTemplate {
  readonly kind: "resourceTemplate";
  readonly uriTemplate: string;
  readonly name: string;
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  readonly mimeType?: string | undefined;
  readonly complete?: Readonly<Record<string, Completer | undefined>> | undefined;
  readonly handler: (uri: string, variables: Record<string, string>, ctx: Context) => Awaitable<ReadReturn>;
}

/** One argument of a prompt. */
export interface PromptArgument {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly required?: boolean;
  /** Completion of this argument's value. */
  readonly complete?: Completer;
}

/** A message of a prompt. */
export interface PromptMessage {
  role: WitRole;
  content: Content;
}

/** What a prompt handler may return: one user text, messages, or `{ description, messages }`. */
export type PromptReturn = string | PromptMessage[] | { description?: string; messages: PromptMessage[] };

/**
 * The arguments a prompt handler receives, from its `arguments` literal: required ones are strings,
 * others may be absent. (When an argument's `complete` is an unannotated arrow function, TypeScript
 * cannot infer the literal and every argument is typed optional; annotate `(value: string) => …`
 * to keep the exact types.)
 */
export type PromptArgs<A extends readonly PromptArgument[]> = {
  [P in A[number] as P extends { required: true } ? P["name"] : never]: string;
} & { [P in A[number] as P extends { required: true } ? never : P["name"]]?: string };

/** How to declare a prompt; see {@link prompt}. */
export interface PromptOptions<A extends readonly PromptArgument[]> {
  name: string;
  title?: string;
  description?: string;
  arguments?: A;
  handler: (args: PromptArgs<A>, ctx: Context) => Awaitable<PromptReturn>;
}

/** A declared prompt (argument names erased). */
export interface Prompt {
  readonly kind: "prompt";
  readonly name: string;
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  readonly arguments: readonly PromptArgument[];
  readonly handler: (args: Record<string, string>, ctx: Context) => Awaitable<PromptReturn>;
}

/**
 * Declares a tool. The handler's `args` are typed from `input` (a JSON Schema literal or a zod
 * schema); it may return a string, content blocks, a full result, or throw.
 *
 * @example
 * ```ts
 * tool({
 *   name: "add",
 *   input: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] },
 *   handler: ({ a, b }) => String(a + b),
 * });
 * ```
 */
export function tool<
  const I extends Schema = { type: "object" },
  const O extends Schema | undefined = undefined,
>(options: ToolOptions<I, O>): Tool {
  return {
    ...options,
    kind: "tool",
    input: options.input ?? { type: "object", properties: {} },
    handler: options.handler as Tool["handler"],
  };
}

/**
 * Declares a concrete resource.
 *
 * @example
 * ```ts
 * resource({ uri: "demo://motd", name: "motd", mimeType: "text/plain", handler: () => "Hello!" });
 * ```
 */
export function resource(options: Resource): Resource {
  return { ...options, kind: "resource" };
}

/**
 * Declares a resource template; `variables` are typed from the template string.
 *
 * @example
 * ```ts
 * resourceTemplate({
 *   uriTemplate: "notes://{id}",
 *   name: "note",
 *   handler: (_uri, { id }) => notes.get(id) ?? "",
 * });
 * ```
 */
export function resourceTemplate<const T extends string>(
  options: ResourceTemplateOptions<T>,
): ResourceTemplate {
  return {
    ...options,
    kind: "resourceTemplate",
    complete: options.complete as ResourceTemplate["complete"],
    handler: options.handler as ResourceTemplate["handler"],
  };
}

/**
 * Declares a prompt; `args` are typed from `arguments` (required ones are strings).
 *
 * @example
 * ```ts
 * prompt({
 *   name: "greet",
 *   arguments: [{ name: "who", required: true }],
 *   handler: ({ who }) => `Please greet ${who}.`,
 * });
 * ```
 */
export function prompt<const A extends readonly PromptArgument[] = readonly PromptArgument[]>(
  options: PromptOptions<A>,
): Prompt {
  return {
    ...options,
    kind: "prompt",
    arguments: options.arguments ?? [],
    handler: options.handler as Prompt["handler"],
  };
}

export type { Annotations };

import type {
  CallToolResult,
  CompleteResult,
  GetPromptResult,
  LoggingLevel,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  ServerCapabilities,
  ServerNotification,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type {
  BackendEvent,
  BackendIdentity,
  BackendRequest,
  CompletionReference,
  McpBackend,
} from "./backend.js";
import { findByName, matchTemplate } from "./lookup.js";
import type { SkillBundle } from "./skills.js";

type Awaitable<T> = T | Promise<T>;

/** Suggests values for one prompt argument or template variable, given the partial `value`. */
export type PlainCompleter = (
  value: string,
  context: Record<string, string>,
  request: BackendRequest,
) => Awaitable<string[] | CompleteResult["completion"]>;

/** A tool of a plain-JS backend: the MCP definition plus its implementation. */
export interface PlainTool extends Tool {
  /** Answers `tools/call`. */
  call(args: Record<string, unknown>, request: BackendRequest): Awaitable<CallToolResult>;
}

/** A resource of a plain-JS backend. */
export interface PlainResource extends Resource {
  /** Answers `resources/read` for this URI. */
  read(uri: string, request: BackendRequest): Awaitable<ReadResourceResult>;
}

/** A resource template of a plain-JS backend. */
export interface PlainResourceTemplate extends ResourceTemplate {
  /** Answers `resources/read` for a URI matching the template. */
  read(uri: string, request: BackendRequest): Awaitable<ReadResourceResult>;
  /** `completion/complete` for the template's variables, by variable name. */
  complete?: Record<string, PlainCompleter>;
}

/** A prompt of a plain-JS backend. */
export interface PlainPrompt extends Prompt {
  /** Answers `prompts/get`. */
  get(args: Record<string, string>, request: BackendRequest): Awaitable<GetPromptResult>;
  /** `completion/complete` for the prompt's arguments, by argument name. */
  complete?: Record<string, PlainCompleter>;
}

/** Called when the router subscribes the backend to a URI (first session) or unsubscribes it (last). */
export interface PlainSubscriptionHooks {
  subscribe?(uri: string, request: BackendRequest): Awaitable<void>;
  unsubscribe?(uri: string, request: BackendRequest): Awaitable<void>;
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
  /** Support `resources/subscribe` (`true`, or hooks to observe or refuse subscriptions). */
  subscriptions?: boolean | PlainSubscriptionHooks;
  /** Advertise the `logging` capability, so {@link PlainBackend.log} reaches clients. */
  logging?: boolean;
  /** Advertise `listChanged` for tools, resources and prompts. Default `true`. */
  listChanged?: boolean;
  /** Skills to serve (the `io.modelcontextprotocol/skills` extension, SEP-2640). */
  skills?: SkillBundle[];
}

/** An {@link McpBackend} made of plain functions, whose definitions can change while it serves. */
export interface PlainBackend extends McpBackend {
  /** Replaces the tools; sessions get `notifications/tools/list_changed`. */
  setTools(tools: PlainTool[]): void;
  /** Replaces the resources; sessions get `notifications/resources/list_changed`. */
  setResources(resources: PlainResource[]): void;
  /** Replaces the resource templates; sessions get `notifications/resources/list_changed`. */
  setResourceTemplates(templates: PlainResourceTemplate[]): void;
  /** Replaces the prompts; sessions get `notifications/prompts/list_changed`. */
  setPrompts(prompts: PlainPrompt[]): void;
  /** Replaces the skills; sessions get `notifications/resources/list_changed`. */
  setSkills(skills: SkillBundle[]): void;
  /** Sends `notifications/resources/updated` to the sessions subscribed to `uri`. */
  notifyResourceUpdated(uri: string): void;
  /** Logs to every session whose `logging/setLevel` lets `level` through. */
  log(level: LoggingLevel, data: unknown, logger?: string): void;
  /** Sends any server notification to every session. */
  notify(notification: ServerNotification): void;
  /** URIs the backend is subscribed to (what the router asked for, across sessions). */
  readonly subscribed: ReadonlySet<string>;
}

/**
 * An {@link McpBackend} made of plain JavaScript functions: use the router without Wasm, or test it.
 * Capabilities follow from what is defined at the time a session starts.
 *
 * @example
 * ```ts
 * const backend = createPlainBackend({
 *   name: "demo",
 *   version: "1.0.0",
 *   tools: [{ name: "echo", inputSchema: { type: "object" }, call: (args) => ({ content: [{ type: "text", text: String(args.text) }] }) }],
 * });
 * backend.setTools([]); // connected sessions are told the list changed
 * ```
 */
export function createPlainBackend(definition: PlainBackendDefinition): PlainBackend {
  const state = new PlainState(definition);
  const backend: PlainBackend = {
    identity: () => state.identity(),
    listTools: () => state.toolList,
    listResources: () => state.resourceList,
    listResourceTemplates: () => state.templateList,
    listPrompts: () => state.promptList,
    listSkills: () => state.skills,
    callTool: async (name, args, request) =>
      required(findByName(state.tools, name), name).call(args, request),
    readResource: async (uri, request) => {
      const owner = state.resources.find((r) => r.uri === uri) ?? matchTemplate(state.templates, uri);
      return required(owner, uri).read(uri, request);
    },
    getPrompt: async (name, args, request) =>
      required(findByName(state.prompts, name), name).get(args, request),
    complete: (reference, argument, context, request) =>
      state.complete(reference, argument, context, request),
    onEvent: (listener) => state.listen(listener),
    setTools: (tools) => state.setTools(tools),
    setResources: (resources) => state.setResources(resources),
    setResourceTemplates: (templates) => state.setTemplates(templates),
    setPrompts: (prompts) => state.setPrompts(prompts),
    setSkills: (skills) => {
      state.skills = [...skills];
      state.emit({ type: "resources-list-changed" });
    },
    notifyResourceUpdated: (uri) => state.emit({ type: "resource-updated", uri }),
    log: (level, data, logger) => state.emit({ type: "log", level, data, ...(logger ? { logger } : {}) }),
    notify: (notification) => state.emit({ type: "notification", notification }),
    subscribed: state.subscribed,
  };
  const hooks = definition.subscriptions;
  if (hooks) {
    const { subscribe, unsubscribe } = typeof hooks === "object" ? hooks : ({} as PlainSubscriptionHooks);
    backend.subscribe = async (uri, request) => {
      await subscribe?.(uri, request);
      state.subscribed.add(uri);
    };
    backend.unsubscribe = async (uri, request) => {
      state.subscribed.delete(uri);
      await unsubscribe?.(uri, request);
    };
  }
  return backend;
}

class PlainState {
  tools: PlainTool[] = [];
  resources: PlainResource[] = [];
  templates: PlainResourceTemplate[] = [];
  prompts: PlainPrompt[] = [];
  toolList: Tool[] = [];
  resourceList: Resource[] = [];
  templateList: ResourceTemplate[] = [];
  promptList: Prompt[] = [];
  skills: readonly SkillBundle[];
  readonly subscribed = new Set<string>();
  readonly #listeners = new Set<(event: BackendEvent) => void>();
  readonly #definition: PlainBackendDefinition;

  constructor(definition: PlainBackendDefinition) {
    this.#definition = definition;
    this.skills = [...(definition.skills ?? [])];
    this.setTools(definition.tools ?? [], false);
    this.setResources(definition.resources ?? [], false);
    this.setTemplates(definition.resourceTemplates ?? [], false);
    this.setPrompts(definition.prompts ?? [], false);
  }

  identity(): BackendIdentity {
    const d = this.#definition;
    const listChanged = d.listChanged ?? true;
    const capabilities: ServerCapabilities = {};
    if (this.tools.length > 0) capabilities.tools = { listChanged };
    if (this.resources.length > 0 || this.templates.length > 0) {
      capabilities.resources = { listChanged, subscribe: Boolean(d.subscriptions) };
    }
    if (this.prompts.length > 0) capabilities.prompts = { listChanged };
    if (d.logging) capabilities.logging = {};
    if ([...this.prompts, ...this.templates].some((item) => item.complete)) capabilities.completions = {};
    return {
      serverInfo: { name: d.name, version: d.version, ...(d.title ? { title: d.title } : {}) },
      capabilities,
      ...(d.instructions === undefined ? {} : { instructions: d.instructions }),
    };
  }

  setTools(tools: PlainTool[], announce = true): void {
    this.tools = [...tools];
    this.toolList = tools.map((tool) => strip(tool, "call"));
    if (announce) this.emit({ type: "tools-list-changed" });
  }

  setResources(resources: PlainResource[], announce = true): void {
    this.resources = [...resources];
    this.resourceList = resources.map((resource) => strip(resource, "read"));
    if (announce) this.emit({ type: "resources-list-changed" });
  }

  setTemplates(templates: PlainResourceTemplate[], announce = true): void {
    this.templates = [...templates];
    this.templateList = templates.map((template) => strip(template, "read", "complete"));
    if (announce) this.emit({ type: "resources-list-changed" });
  }

  setPrompts(prompts: PlainPrompt[], announce = true): void {
    this.prompts = [...prompts];
    this.promptList = prompts.map((prompt) => strip(prompt, "get", "complete"));
    if (announce) this.emit({ type: "prompts-list-changed" });
  }

  async complete(
    reference: CompletionReference,
    argument: { name: string; value: string },
    context: Record<string, string>,
    request: BackendRequest,
  ): Promise<CompleteResult["completion"]> {
    const owner =
      reference.type === "ref/prompt"
        ? findByName(this.prompts, reference.name)
        : this.templates.find((template) => template.uriTemplate === reference.uri);
    const completer = owner?.complete?.[argument.name];
    if (!completer) return { values: [] };
    const answer = await completer(argument.value, context, request);
    return Array.isArray(answer) ? { values: answer, total: answer.length, hasMore: false } : answer;
  }

  listen(listener: (event: BackendEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: BackendEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }
}

function strip<T extends object, K extends string>(item: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...item } as Record<string, unknown>;
  for (const key of keys) delete copy[key];
  return copy as Omit<T, K>;
}

function required<T>(value: T | undefined, key: string): T {
  // The router checks existence first, so this only trips when the backend is used directly.
  if (value === undefined) throw new Error(`[@wasi-mcp/router] plain backend has no "${key}"`);
  return value;
}

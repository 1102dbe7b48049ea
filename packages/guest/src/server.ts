import { dispatchComplete } from "./complete.js";
import { bestEffort, createRequestContext, logTo } from "./context.js";
import type {
  CacheHint,
  CacheTarget,
  CompleteReturn,
  Context,
  Prompt,
  Resource,
  ResourceTemplate,
  ServerHandle,
  Tool,
} from "./definitions.js";
import { McpError, ReplayPending, toWitError } from "./errors.js";
import { type Awaitable, andThen, guard } from "./flow.js";
import { callRuntime as callImport } from "./questions.js";
import { promptResultToWit, readResultToWit, toolErrorToWit, toolResultToWit } from "./results.js";
import { jsonSchemaText, parseWith } from "./schema.js";
import { type Skill, type SkillsModule, skillsToWit } from "./skills.js";
import { compileUriTemplate, type UriMatcher } from "./uri-template.js";
import type {
  RuntimeModule,
  WitCacheable,
  WitCompletionArgument,
  WitCompletionReference,
  WitCompletionResult,
  WitElicitationRequest,
  WitElicitationResult,
  WitPromptResult,
  WitReadResourceResult,
  WitRequestContext,
  WitToolResult,
} from "./wit.js";

/** What a completion request refers to, as {@link ServerDefinition.complete} receives it. */
export type CompletionRef =
  | { type: "prompt"; name: string }
  | { type: "resourceTemplate"; uriTemplate: string };

/** Everything a server declares; see {@link defineServer}. */
export interface ServerDefinition {
  name: string;
  version: string;
  title?: string;
  /** Returned to clients in the initialize result. */
  instructions?: string;
  tools?: Tool[];
  resources?: Resource[];
  resourceTemplates?: ResourceTemplate[];
  prompts?: Prompt[];
  /** Fallback completion for arguments without their own `complete`. */
  complete?: (
    ref: CompletionRef,
    argument: { name: string; value: string },
    context: Record<string, string>,
    ctx: Context,
  ) => Awaitable<CompleteReturn>;
  /** Called when the first session subscribes to `uri`; declaring it advertises resource subscriptions. */
  subscribe?: (uri: string, ctx: Context) => Awaitable<void>;
  /** Called when the last session unsubscribes from `uri`. */
  unsubscribe?: (uri: string, ctx: Context) => Awaitable<void>;
  /** Advertise `listChanged` (set it when handlers call `ctx.server.add*` or `remove*`). Default false. */
  listChanged?: boolean;
  /** How long 2026-07-28 clients may cache each list (per-resource reads: `resource({ cache })`). */
  cache?: Partial<Record<Exclude<CacheTarget, { read: string }>, CacheHint>>;
  /** Advertise logging. Default true. */
  logging?: boolean;
  /** Skills to serve (the `io.modelcontextprotocol/skills` extension); see {@link skill}. */
  skills?: Skill[];
}

/** The `wasi:mcp/run` export. */
export interface RunExport {
  run(): void;
}

/** The `wasi:mcp/handlers` export (handlers may settle asynchronously; ComponentizeJS awaits them). */
export interface HandlersExport {
  callTool(ctx: WitRequestContext, name: string, args: string): Awaitable<WitToolResult>;
  readResource(ctx: WitRequestContext, uri: string): Awaitable<WitReadResourceResult>;
  getPrompt(ctx: WitRequestContext, name: string, args: Array<[string, string]>): Awaitable<WitPromptResult>;
  handleSubscribe(ctx: WitRequestContext, uri: string): Awaitable<void>;
  handleUnsubscribe(ctx: WitRequestContext, uri: string): Awaitable<void>;
  handleComplete(
    ctx: WitRequestContext,
    ref: WitCompletionReference,
    argument: WitCompletionArgument,
    context: Array<[string, string]>,
  ): Awaitable<WitCompletionResult>;
  handleElicit(ctx: WitRequestContext, request: WitElicitationRequest): Awaitable<WitElicitationResult>;
}

/** The component exports: `run` for `wasi:mcp/run`, `handlers` for `wasi:mcp/handlers`. */
export interface ServerExports {
  run: RunExport;
  handlers: HandlersExport;
}

const CACHE_LISTS = {
  "tools/list": "tools-list",
  "prompts/list": "prompts-list",
  "resources/list": "resources-list",
  "resources/templates/list": "resource-templates-list",
} as const;

/** The live definitions of one server; changes when handlers add or remove some. */
export class Catalog {
  readonly tools = new Map<string, Tool>();
  readonly resources = new Map<string, Resource>();
  readonly templates: Array<{ template: ResourceTemplate; matcher: UriMatcher }> = [];
  readonly prompts = new Map<string, Prompt>();

  constructor(private readonly runtime: RuntimeModule) {}

  addTools(tools: Tool[]): void {
    this.runtime.registerTools(
      tools.map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        inputSchema: jsonSchemaText(t.input, "input", `tool ${t.name}`),
        outputSchema: t.output ? jsonSchemaText(t.output, "output", `tool ${t.name}`) : undefined,
        annotations: t.annotations,
      })),
    );
    for (const t of tools) {
      this.tools.set(t.name, t);
      if (t.task && t.task !== "forbidden") this.runtime.setTaskSupport(t.name, t.task);
    }
  }

  addResources(resources: Resource[]): void {
    this.runtime.registerResources(
      resources.map(({ uri, name, title, description, mimeType, size }) => ({
        uri,
        name,
        title,
        description,
        mimeType,
        size: size === undefined ? undefined : BigInt(size),
      })),
    );
    for (const r of resources) {
      this.resources.set(r.uri, r);
      if (r.cache) this.setCacheHint({ read: r.uri }, r.cache);
    }
  }

  removeTools(names: string[]): void {
    this.runtime.unregisterTools(names);
    for (const name of names) this.tools.delete(name);
  }

  removeResources(uris: string[]): void {
    this.runtime.unregisterResources(uris);
    for (const uri of uris) this.resources.delete(uri);
  }

  removeTemplates(uriTemplates: string[]): void {
    this.runtime.unregisterResourceTemplates(uriTemplates);
    const gone = new Set(uriTemplates);
    const kept = this.templates.filter(({ template }) => !gone.has(template.uriTemplate));
    this.templates.splice(0, this.templates.length, ...kept);
  }

  removePrompts(names: string[]): void {
    this.runtime.unregisterPrompts(names);
    for (const name of names) this.prompts.delete(name);
  }

  setCacheHint(target: CacheTarget, hint: CacheHint | undefined): void {
    const wit: WitCacheable =
      typeof target === "string" ? { tag: CACHE_LISTS[target] } : { tag: "resource-read", val: target.read };
    this.runtime.setCacheHint(
      wit,
      hint === undefined ? undefined : { ttlMs: BigInt(hint.ttlMs), scope: hint.scope },
    );
  }

  addTemplates(templates: ResourceTemplate[]): void {
    this.runtime.registerResourceTemplates(
      templates.map(({ uriTemplate, name, title, description, mimeType }) => ({
        uriTemplate,
        name,
        title,
        description,
        mimeType,
      })),
    );
    for (const template of templates) {
      this.templates.push({ template, matcher: compileUriTemplate(template.uriTemplate) });
    }
  }

  addPrompts(prompts: Prompt[]): void {
    this.runtime.registerPrompts(
      prompts.map((p) => ({
        name: p.name,
        title: p.title,
        description: p.description,
        arguments: p.arguments.map(({ name, title, description, required }) => ({
          name,
          title,
          description,
          required: required ?? false,
        })),
      })),
    );
    for (const p of prompts) this.prompts.set(p.name, p);
  }
}

/**
 * Builds the component exports for `definition` over a given runtime module. Inside a component
 * use {@link defineServer} from `@wasi-mcp/guest`, which binds the real `wasi:mcp/runtime` import;
 * this form takes the runtime as a parameter (tests, custom runtimes).
 *
 * @example
 * ```ts
 * import * as runtime from "wasi:mcp/runtime@0.2.0";
 * export const { run, handlers } = createServer({ name: "demo", version: "1.0.0", tools: [] }, runtime);
 * ```
 */
export function createServer(
  definition: ServerDefinition,
  runtime: RuntimeModule,
  skills?: SkillsModule,
): ServerExports {
  const catalog = new Catalog(runtime);
  const server = createServerHandle(catalog, runtime);
  const context = (wit: WitRequestContext): Context => ({ ...createRequestContext(wit, runtime), server });
  return {
    run: {
      run: () => {
        exported(() => start(definition, catalog, runtime, skills));
      },
    },
    handlers: {
      callTool: (ctx, name, args) => exported(() => callTool(catalog, context(ctx), name, args)),
      readResource: (ctx, uri) => exported(() => readResource(catalog, context(ctx), uri)),
      getPrompt: (ctx, name, args) => exported(() => getPrompt(catalog, context(ctx), name, args)),
      handleSubscribe: (ctx, uri) =>
        exported(() => optional(definition.subscribe, "resource subscriptions")(uri, context(ctx))),
      handleUnsubscribe: (ctx, uri) =>
        exported(() => (definition.unsubscribe ? definition.unsubscribe(uri, context(ctx)) : undefined)),
      handleComplete: (ctx, ref, argument, pairs) =>
        exported(() => dispatchComplete(catalog, definition.complete, context(ctx), ref, argument, pairs)),
      handleElicit: () =>
        exported(() => {
          throw new McpError("unsupported-operation", `${definition.name} is not a client of other servers`);
        }),
    },
  };
}

function start(
  definition: ServerDefinition,
  catalog: Catalog,
  runtime: RuntimeModule,
  skills: SkillsModule | undefined,
): void {
  const { tools = [], resources = [], resourceTemplates = [], prompts = [] } = definition;
  const listChanged = definition.listChanged ?? false;
  const completes =
    definition.complete !== undefined ||
    prompts.some((p) => p.arguments.some((a) => a.complete)) ||
    resourceTemplates.some((t) => t.complete && Object.keys(t.complete).length > 0);
  runtime.registerServer({
    name: definition.name,
    version: definition.version,
    title: definition.title,
    instructions: definition.instructions,
    capabilities: {
      tools: tools.length > 0 || listChanged ? { listChanged } : undefined,
      resources:
        resources.length + resourceTemplates.length > 0 || listChanged
          ? { subscribe: definition.subscribe !== undefined, listChanged }
          : undefined,
      prompts: prompts.length > 0 || listChanged ? { listChanged } : undefined,
      logging: definition.logging ?? true,
      completions: completes,
    },
  });
  if (tools.length > 0) catalog.addTools(tools);
  if (resources.length > 0) catalog.addResources(resources);
  if (resourceTemplates.length > 0) catalog.addTemplates(resourceTemplates);
  if (prompts.length > 0) catalog.addPrompts(prompts);
  for (const [list, hint] of Object.entries(definition.cache ?? {})) {
    if (hint) catalog.setCacheHint(list as keyof typeof CACHE_LISTS, hint);
  }
  if (definition.skills && definition.skills.length > 0) {
    if (!skills) throw new McpError("unsupported-operation", "skills need the wasi:mcp/skills import");
    skills.registerSkills(skillsToWit(definition.skills));
  }
  runtime.serve();
}

function createServerHandle(catalog: Catalog, runtime: RuntimeModule): ServerHandle {
  return {
    addTools: (...tools) => catalog.addTools(tools),
    addResources: (...resources) => catalog.addResources(resources),
    addPrompts: (...prompts) => catalog.addPrompts(prompts),
    removeTools: (...names) => callImport(() => catalog.removeTools(names)),
    removeResources: (...uris) => callImport(() => catalog.removeResources(uris)),
    removeResourceTemplates: (...templates) => callImport(() => catalog.removeTemplates(templates)),
    removePrompts: (...names) => callImport(() => catalog.removePrompts(names)),
    setCacheHint: (target, hint) => callImport(() => catalog.setCacheHint(target, hint)),
    resourceUpdated: (uri) =>
      bestEffort(() => runtime.sendNotification({ tag: "resource-updated", val: uri })),
    notify: (method, params) =>
      bestEffort(() =>
        runtime.sendNotification({
          tag: "custom",
          val: { method, params: params === undefined ? undefined : JSON.stringify(params) },
        }),
      ),
    log: (level, message, data) => logTo(runtime, level, message, data),
  };
}

function callTool(catalog: Catalog, ctx: Context, name: string, argsJson: string): Awaitable<WitToolResult> {
  const found = catalog.tools.get(name);
  if (!found) throw new McpError("invalid-params", `Unknown tool: ${name}`);
  const args = JSON.parse(argsJson) as unknown;
  return guard(
    () =>
      andThen(parseWith(found.input, args, `arguments of tool ${name}`), (parsed) =>
        andThen(found.handler(parsed, ctx), (value) => toolResultToWit(value, found.output !== undefined)),
      ),
    (error) => {
      // Protocol errors stay protocol errors, and a replay stop ends the call (the host discards
      // it); anything else is a failed call the model should see.
      if (error instanceof McpError || error instanceof ReplayPending) throw error;
      return toolErrorToWit(error);
    },
  );
}

function readResource(catalog: Catalog, ctx: Context, uri: string): Awaitable<WitReadResourceResult> {
  const exact = catalog.resources.get(uri);
  if (exact) return andThen(exact.handler(uri, ctx), (value) => readResultToWit(value, uri, exact.mimeType));
  for (const { template, matcher } of catalog.templates) {
    const variables = matcher.match(uri);
    if (variables) {
      return andThen(template.handler(uri, variables, ctx), (value) =>
        readResultToWit(value, uri, template.mimeType),
      );
    }
  }
  throw new McpError("resource-not-found", `Resource not found: ${uri}`);
}

function getPrompt(
  catalog: Catalog,
  ctx: Context,
  name: string,
  pairs: Array<[string, string]>,
): Awaitable<WitPromptResult> {
  const found = catalog.prompts.get(name);
  if (!found) throw new McpError("invalid-params", `Unknown prompt: ${name}`);
  return andThen(found.handler(Object.fromEntries(pairs), ctx), (value) =>
    promptResultToWit(value, found.description),
  );
}

function optional<F>(fn: F | undefined, what: string): F {
  if (fn === undefined) throw new McpError("unsupported-operation", `this server does not offer ${what}`);
  return fn;
}

/** Runs an export body; anything thrown (sync or async) leaves as the WIT `error` record. */
function exported<T>(body: () => Awaitable<T>): Awaitable<T> {
  return guard(body, (error) => {
    throw toWitError(error);
  });
}

import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { type ServerCapabilities, SetLevelRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { McpBackend } from "../shared/backend.js";
import { registerCompletion } from "../shared/completion.js";
import type { InternalErrorReporter } from "../shared/errors.js";
import { type BackendEventSource, backendEvents } from "../shared/event-hub.js";
import type { InvocationLog } from "../shared/invocations.js";
import { registerPrompts } from "../shared/prompts.js";
import type { RateLimiter } from "../shared/rate-limits.js";
import { registerResources } from "../shared/resources.js";
import { sdkJsonSchemaValidator, sharedValidator } from "../shared/schema-validator.js";
import { type RouterContext, RouterSession } from "../shared/session.js";
import { registerSkills, SKILLS_EXTENSION, type SkillsProvider } from "../shared/skills.js";
import { anyPattern, type ToolScopes, toolAccess } from "../shared/tool-access.js";
import { registerTools } from "../shared/tools.js";
import { LegacyTasks } from "./legacy-tasks.js";
import { RouterServer } from "./router-server.js";

/** Options of {@link createMcpServer}. */
export interface CreateMcpServerOptions {
  /** Receives backend errors that were hidden from the client as internal errors. Default: stderr. */
  onInternalError?: InternalErrorReporter;
  /** Items per page of `tools/list`, `resources/list`, `resources/templates/list`, `prompts/list`. Default 100. */
  pageSize?: number;
  /** Default timeout of a backend's `requestClient` (sampling, elicitation, roots). Default 60 000 ms. */
  clientRequestTimeoutMs?: number;
  /**
   * Most requests to the client (`requestClient`: sampling, elicitation, roots) one session may
   * have waiting for an answer at once; past it `requestClient` fails at once with `-32000`
   * instead of adding one more. Default 100.
   */
  maxPendingClientRequests?: number;
  /**
   * How `tools/call` answers arguments that fail the tool's `inputSchema`: a `-32602` error
   * (default) or, as MCP 2025-11-25 recommends so a model can correct itself, a result with
   * `isError: true` carrying the same message.
   */
  invalidArguments?: "error" | "result";
  /**
   * Most resources one session may be subscribed to at once (a template matches endless URIs, so
   * the count is otherwise the client's to choose); `resources/subscribe` past it answers
   * `-32600`. Default 1 000.
   */
  maxSubscriptionsPerSession?: number;
  /**
   * Scopes a caller's `authInfo` must hold per tool (`{ "notes__*": ["notes:write"] }`): a tool
   * the caller lacks a scope for is left out of its `tools/list` and answered as unknown on
   * `tools/call`. Default: every tool to everyone.
   */
  toolScopes?: ToolScopes;
  /** Receives one record per `tools/call` (time, principal, tool, outcome, duration). Default none. */
  invocationLog?: InvocationLog;
  /** Tool names or `*` patterns whose arguments the invocation records carry. Default none (redacted). */
  logArguments?: readonly string[];
  /**
   * Token buckets on `tools/call` (see `RateLimits`); a call past one is answered `-32029` with
   * `data.retryAfterMs`. Share one limiter between the servers of an endpoint (the endpoint does).
   */
  rateLimiter?: RateLimiter;
  /**
   * Serves the backend's skills (SEP-2640). `createMcpEndpoint` makes one for both faces from
   * `backend.listSkills` (`createSkillsProvider`); share one between the servers of a backend,
   * since it holds the catalog. Default none.
   */
  skills?: SkillsProvider | undefined;
  /** The endpoint's 2025 tasks (`createMcpEndpoint` makes them). */
  legacyTasks?: LegacyTasks | undefined;
}

const LIST_CHANGED = [
  "notifications/tools/list_changed",
  "notifications/resources/list_changed",
  "notifications/prompts/list_changed",
];

/**
 * Creates an MCP server (the SDK's low-level `Server`) for one client session, answering every
 * method of the capabilities derived from the backend. Call it once per connection or HTTP
 * session; sessions of one backend share resource subscriptions (reference-counted).
 *
 * @example
 * ```ts
 * const server = createMcpServer(createPlainBackend({ name: "demo", version: "1.0.0", tools }));
 * await server.connect(new StdioServerTransport());
 * ```
 */
export function createMcpServer(backend: McpBackend, options: CreateMcpServerOptions = {}): Server {
  return createLegacyServer(routerContext(backend, options));
}

/** The 2025 face over settings already resolved (an endpoint shares its event fan-out this way). */
export function createLegacyServer(context: RouterContext): Server {
  const { backend } = context;
  const identity = backend.identity();
  const tasks = identity.capabilities.tools ? context.legacyTasks : undefined;
  const capabilities = advertisedCapabilities(backend, identity.capabilities, context.skills);
  if (tasks) capabilities.tasks = LegacyTasks.capabilities;
  const session = new RouterSession(context, capabilities);
  const server = new RouterServer(
    identity.serverInfo,
    {
      capabilities,
      ...(tasks ? { taskStore: tasks.sdkStore(), taskMessageQueue: tasks.queue } : {}),
      ...(identity.instructions === undefined ? {} : { instructions: identity.instructions }),
      jsonSchemaValidator: sdkJsonSchemaValidator(),
      debouncedNotificationMethods: LIST_CHANGED,
    },
    session,
    tasks,
  );
  session.bind(server);
  if (capabilities.tools) registerTools(server, session);
  if (capabilities.resources) registerResources(server, session);
  if (capabilities.prompts) registerPrompts(server, session);
  if (capabilities.completions) registerCompletion(server, session);
  if (context.skills && capabilities.extensions?.[SKILLS_EXTENSION])
    registerSkills(server, session, context.skills);
  if (capabilities.logging) {
    server.route(SetLevelRequestSchema, (request) => {
      session.setLogLevel(request.params.level);
      return {};
    });
  }
  return server;
}

/** The settings every handler of one server shares, with defaults applied and numbers checked. */
export function routerContext(
  backend: McpBackend,
  options: CreateMcpServerOptions,
  events: BackendEventSource = backendEvents(backend),
): RouterContext {
  return {
    backend,
    events,
    report: options.onInternalError ?? reportToStderr,
    validator: sharedValidator(),
    pageSize: positiveInteger(options.pageSize ?? 100, "pageSize"),
    clientRequestTimeoutMs: positiveInteger(
      options.clientRequestTimeoutMs ?? 60_000,
      "clientRequestTimeoutMs",
    ),
    maxPendingClientRequests: positiveInteger(
      options.maxPendingClientRequests ?? 100,
      "maxPendingClientRequests",
    ),
    invalidArguments: options.invalidArguments ?? "error",
    maxSubscriptionsPerSession: positiveInteger(
      options.maxSubscriptionsPerSession ?? 1_000,
      "maxSubscriptionsPerSession",
    ),
    toolAccess: options.toolScopes ? toolAccess(options.toolScopes) : undefined,
    invocationLog: options.invocationLog,
    logsArguments: anyPattern(options.logArguments ?? []),
    rateLimiter: options.rateLimiter,
    skills: options.skills,
    legacyTasks: options.legacyTasks,
  };
}

/**
 * The capabilities to advertise: the backend's declaration, narrowed to what it implements —
 * `completions` only with `complete`, `resources.subscribe` only with `subscribe` and
 * `unsubscribe`; the skills extension (and `resources`) while `skills` serves any.
 */
export function advertisedCapabilities(
  backend: McpBackend,
  declared: ServerCapabilities,
  skills?: SkillsProvider,
): ServerCapabilities {
  const capabilities: ServerCapabilities = { ...declared };
  if (skills?.declared()) {
    // Skill files are served through resources/read, so the extension needs the base capability;
    // a change of the skills is announced as a resources list change.
    capabilities.resources ??= { listChanged: true };
    capabilities.extensions = { ...capabilities.extensions, [SKILLS_EXTENSION]: skills.settings() };
  }
  if (!backend.complete) delete capabilities.completions;
  if (capabilities.resources) {
    const canSubscribe = Boolean(
      capabilities.resources.subscribe && backend.subscribe && backend.unsubscribe,
    );
    capabilities.resources = { ...capabilities.resources, subscribe: canSubscribe };
  }
  return capabilities;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`[@wasi-mcp/router] ${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function reportToStderr(error: unknown, context: string): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`[@wasi-mcp/router] ${context} failed: ${detail}\n`);
}

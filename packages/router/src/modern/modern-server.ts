import { getMethodLiteral } from "@modelcontextprotocol/sdk/server/zod-json-schema-compat.js";
import type { ClientCapabilities, ServerNotification } from "@modelcontextprotocol/sdk/types.js";
import {
  CLIENT_CAPABILITIES_META_KEY,
  Server as ModernServer,
  type RequestStateCodec,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { z } from "zod";
import {
  advertisedCapabilities,
  type CreateMcpServerOptions,
  routerContext,
} from "../legacy/create-server.js";
import type { McpBackend } from "../shared/backend.js";
import { registerCompletion } from "../shared/completion.js";
import { findByName } from "../shared/lookup.js";
import type { RequestParamsSchema } from "../shared/message-guard.js";
import { registerPrompts } from "../shared/prompts.js";
import { registerResources } from "../shared/resources.js";
import type { Extra, RouteTable, SessionServer } from "../shared/route-table.js";
import { RouterSession } from "../shared/session.js";
import { registerSkills, SKILLS_EXTENSION, SKILLS_METHODS } from "../shared/skills.js";
import { registerTools } from "../shared/tools.js";
import { traceRequest } from "../telemetry/request-span.js";
import { withCacheFields } from "./cache-fields.js";
import { requestAllowsNotification } from "./log-level-rule.js";
import {
  INPUT_REQUIRED_METHODS,
  unansweredClientRequest,
  withInputReplay,
} from "./modern-client-requests.js";
import { guardModernServer } from "./modern-guard.js";
import { type ReplayState, replayStateCodec } from "./request-state.js";
import { registerTaskMethods } from "./task-methods.js";
import { type ModernTasks, tasksRequiredError } from "./task-runner.js";
import { declaresTasks, TASKS_EXTENSION } from "./task-wire.js";
import { modernWireError } from "./wire-error.js";

/** Options of {@link createModernMcpServer}: those of `createMcpServer`, and MRTR's seal. */
export interface CreateModernMcpServerOptions extends CreateMcpServerOptions {
  /**
   * HMAC key (≥ 32 bytes) sealing the `requestState` of `input_required` results (MRTR, ADR 0005
   * §3). Every replica that may receive a retry must share it. Default: a random key per process,
   * correct while one process serves every round of a request.
   */
  requestStateKey?: string | Uint8Array;
  /** How long a sealed `requestState` stays valid, in seconds. Default 600. */
  requestStateTtlSeconds?: number;
  /**
   * The endpoint's tasks (`createMcpEndpoint` makes them): with them the server advertises the
   * extension `io.modelcontextprotocol/tasks` and runs task-capable tool calls as tasks.
   */
  modernTasks?: ModernTasks | undefined;
}

/** The SDK v2 `Server` type {@link createModernMcpServer} returns. */
export type { ModernServer };

type ModernCapabilities = NonNullable<ConstructorParameters<typeof ModernServer>[1]>["capabilities"];

/**
 * Methods the router serves on the 2025 face that protocol 2026-07-28 removed (subscriptions moved
 * to `subscriptions/listen`); the SDK's era registry answers them -32601.
 */
const REMOVED_IN_2026: ReadonlySet<string> = new Set(["resources/subscribe", "resources/unsubscribe"]);

/** The params schema an extension's method is registered with (the screen checked them). */
const ANY_PARAMS = z.looseObject({});

/** A request handler as the SDK v2 `Server` registers it (its overloads, flattened). */
type ModernHandlerRegistrar = (
  method: string,
  handler: (request: unknown, context: ServerContext) => Promise<unknown>,
) => void;

/**
 * Creates the 2026-07-28 face of the router for one request (HTTP) or connection (stdio,
 * WebSocket): an SDK v2 `Server` answering the same methods as `createMcpServer`, through the same
 * handlers, with the SDK's wire codec doing the 2026 wire (envelope validation, `resultType`,
 * cache fields, `server/discover`, the era's method registry). Hand it to a serving entry that
 * binds it to the modern era (`createMcpHandler`, `serveStdio`).
 *
 * @example
 * ```ts
 * import { createMcpHandler } from "@modelcontextprotocol/server";
 * const modern = createMcpHandler(() => createModernMcpServer(backend), { legacy: "reject" });
 * ```
 */
export function createModernMcpServer(
  backend: McpBackend,
  options: CreateModernMcpServerOptions = {},
): ModernServer {
  const identity = backend.identity();
  const context = routerContext(backend, options);
  const capabilities = advertisedCapabilities(backend, identity.capabilities, context.skills);
  const session = new RouterSession(context, capabilities);
  const codec = replayStateCodec(options.requestStateKey, options.requestStateTtlSeconds);
  const tasks = capabilities.tools ? options.modernTasks : undefined;
  const advertised = tasks
    ? { ...capabilities, extensions: { ...extensionsOf(capabilities), [TASKS_EXTENSION]: {} } }
    : capabilities;
  const server = new ModernServer(identity.serverInfo, {
    // The same JSON in both SDKs' types; v2 types `experimental` values as JSON objects.
    capabilities: advertised as ModernCapabilities,
    ...(identity.instructions === undefined ? {} : { instructions: identity.instructions }),
    requestState: { verify: codec.verify },
  });
  session.bind(sessionServerOf(server));
  const schemas = new Map<string, RequestParamsSchema>();
  guardModernServer(server, schemas);
  const table = routeTableOf(server, backend, codec, schemas, tasks);
  if (capabilities.tools) registerTools(table, session);
  if (capabilities.resources) registerResources(table, session);
  if (capabilities.prompts) registerPrompts(table, session);
  if (capabilities.completions) registerCompletion(table, session);
  if (context.skills && capabilities.extensions?.[SKILLS_EXTENSION])
    registerSkills(table, session, context.skills);
  if (tasks) registerTaskMethods(server, tasks);
  return server;
}

/**
 * Registers the router's handlers on the SDK v2 `Server`, and each method's v1 params schema in
 * `schemas` for the face's message screen (which answers bad params `-32602` before the SDK's
 * own validation would answer `-32603`). The one cast between the two SDKs'
 * handler types lives in this function, and so does the one translation of their errors.
 */
function routeTableOf(
  server: ModernServer,
  backend: McpBackend,
  codec: RequestStateCodec<ReplayState>,
  schemas: Map<string, RequestParamsSchema>,
  tasks: ModernTasks | undefined,
): RouteTable {
  const register = server.setRequestHandler.bind(server) as unknown as ModernHandlerRegistrar;
  return {
    route(schema, handler) {
      const method = getMethodLiteral(schema);
      // A method 2026-07-28 removed is answered -32601 (HTTP 404) by the SDK's era gate, whatever
      // its params: the screen must not answer it -32602 first.
      if (!REMOVED_IN_2026.has(method)) schemas.set(method, schema);
      const call = async (request: unknown, extra: Extra) =>
        handler(request as Parameters<typeof handler>[0], extra);
      const serve = async (request: unknown, context: ServerContext) => {
        const params = (request as { params?: Record<string, unknown> }).params;
        const asTask = method === "tools/call" && tasks ? taskMode(backend, params, context) : undefined;
        const result = asTask
          ? await (tasks as ModernTasks).call(asTask, params, context, codec, (extra) =>
              call(request, { ...extraOf(context), ...extra }),
            )
          : INPUT_REQUIRED_METHODS.has(method)
            ? await withInputReplay(params, context, codec, (replay) =>
                call(request, { ...extraOf(context), ...replay }),
              )
            : await call(request, extraOf(context));
        return withCacheFields(backend, method, params, result);
      };
      const guarded = async (request: unknown, context: ServerContext) => {
        try {
          const params = (request as { params?: Record<string, unknown> }).params;
          const facts = { method, params, requestId: context.mcpReq.id, headers: traceHeaders(context) };
          return await traceRequest(facts, () => serve(request, context));
        } catch (error) {
          throw modernWireError(error);
        }
      };
      // The SDK registers a method outside the spec (an extension's) with a params schema; the
      // face's screen has validated the params already.
      if (SKILLS_METHODS.has(method)) {
        server.setRequestHandler(
          method,
          { params: ANY_PARAMS },
          async (params, context) => (await guarded({ method, params }, context)) as Record<string, unknown>,
        );
      } else register(method, guarded);
    },
  };
}

/**
 * The router's view of an SDK v2 handler context. A request's notifications obey the 2026
 * logging rule (`requestAllowsNotification`): logs only when its envelope set a log level.
 */
function extraOf(context: ServerContext): Extra {
  const { mcpReq } = context;
  const envelope = mcpReq.envelope as Record<string, unknown> | undefined;
  return {
    signal: mcpReq.signal,
    requestId: mcpReq.id,
    sessionId: undefined,
    sendNotification: async (notification: ServerNotification) => {
      if (requestAllowsNotification(notification, envelope)) await mcpReq.notify(notification);
    },
    sendRequest: unansweredClientRequest as Extra["sendRequest"],
    clientCapabilities: envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined,
    authInfo: context.http?.authInfo as Extra["authInfo"],
  };
}

/** The trace headers of the HTTP request a 2026 request came in (none over stdio or WebSocket). */
function traceHeaders(context: ServerContext): Record<string, string | undefined> | undefined {
  const headers = context.http?.req?.headers;
  if (!headers) return undefined;
  return {
    traceparent: headers.get("traceparent") ?? undefined,
    tracestate: headers.get("tracestate") ?? undefined,
  };
}

/**
 * Whether a 2026 `tools/call` may become a task: the tool's name when its `execution.taskSupport`
 * allows it and the request declared the extension; undefined for a plain call. A tool that runs
 * only as a task answers `-32021` to a request without the extension.
 */
function taskMode(
  backend: McpBackend,
  params: Record<string, unknown> | undefined,
  context: ServerContext,
): string | undefined {
  const name = params?.name;
  if (typeof name !== "string") return undefined;
  const support = findByName(backend.listTools(), name)?.execution?.taskSupport;
  if (support !== "optional" && support !== "required") return undefined;
  if (declaresTasks(context)) return name;
  if (support === "required") throw tasksRequiredError(name);
  return undefined;
}

function extensionsOf(capabilities: object): Record<string, unknown> {
  const extensions = (capabilities as { extensions?: unknown }).extensions;
  return typeof extensions === "object" && extensions !== null ? (extensions as Record<string, unknown>) : {};
}

/** The session's view of the server: client capabilities come from the request's envelope. */
function sessionServerOf(server: ModernServer): SessionServer {
  return {
    getClientCapabilities: () => server.getClientCapabilities() as ClientCapabilities | undefined,
    transport: undefined,
    notification: (notification) => server.notification(notification),
    onerror: (error) => server.onerror?.(error),
  };
}

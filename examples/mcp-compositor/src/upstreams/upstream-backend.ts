import {
  type CallToolResult,
  ErrorCode,
  type LoggingLevel,
  McpError,
  type Prompt,
  type Resource,
  type ResourceTemplate,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { BackendEvent, BackendRequest, McpBackend } from "@wasi-mcp/router";
import { CallSlots } from "./call-slots.js";
import { InFlightCalls } from "./forward-questions.js";
import { toolAllowed, type UpstreamConfig } from "./upstream-config.js";
import { UpstreamConnection, type UpstreamHealthEvent, type UpstreamState } from "./upstream-connection.js";
import type { SessionRequestOptions, UpstreamEra, UpstreamSession } from "./upstream-session.js";

/** An upstream MCP server as a backend of the composition, with its health. */
export interface UpstreamBackend extends McpBackend {
  readonly namespace: string;
  /** The connection's state, when down why, and when ready the revision line it speaks. */
  health(): { state: UpstreamState; reason?: string; era?: UpstreamEra; required?: true };
  /** The stdio child's process id, while one runs. */
  pid(): number | undefined;
  close(): Promise<void>;
}

/** Options of {@link startUpstream}. */
export interface UpstreamOptions {
  onHealth?(event: UpstreamHealthEvent): void;
  onStderr?(namespace: string, line: string): void;
  /** First restart delay (doubles per failure). Default 250 ms. */
  backoffMs?: number;
}

interface Lists {
  tools: Tool[];
  resources: Resource[];
  templates: ResourceTemplate[];
  prompts: Prompt[];
}

/**
 * Connects to an upstream MCP server (a stdio command or a Streamable HTTP URL), in the newest
 * revision it offers (2026-07-28 through the SDK v2 client, else 2025-11-25 through v1), and
 * serves it as an `McpBackend`: its lists are cached and refreshed on its `list_changed`, calls are forwarded with
 * the configured deadline and concurrency, progress and cancellation pass through, and its log
 * messages and resource updates become backend events. An upstream that exits or drops the
 * connection is restarted or reconnected with exponential backoff; meanwhile its calls fail at
 * once with an error naming it, and its last lists stay listed. Resolves after the first attempt,
 * successful or not.
 *
 * @example
 * ```ts
 * const everything = await startUpstream("everything", { command: "npx", args: ["@modelcontextprotocol/server-everything"] });
 * ```
 */
export async function startUpstream(
  namespace: string,
  config: UpstreamConfig,
  options: UpstreamOptions = {},
): Promise<UpstreamBackend> {
  const listeners = new Set<(event: BackendEvent) => void>();
  const emit = (event: BackendEvent) => {
    for (const listener of listeners) listener(event);
  };
  const lists: Lists = { tools: [], resources: [], templates: [], prompts: [] };
  const subscriptions = new Set<string>();
  const slots = new CallSlots(config.maxConcurrency ?? 16, namespace);
  const inFlight = new InFlightCalls(namespace);
  const timeout = config.callTimeoutMs ?? 60_000;

  const refresh = async (client: UpstreamSession, which: keyof Lists) => {
    const has = client.getServerCapabilities() ?? {};
    if (which === "tools") {
      lists.tools = has.tools
        ? (await paged((cursor) => client.listTools(cursor)).then((p) => p.flatMap((r) => r.tools))).filter(
            (t) => toolAllowed(t.name, config),
          )
        : [];
    } else if (which === "prompts") {
      lists.prompts = has.prompts
        ? await paged((cursor) => client.listPrompts(cursor)).then((p) => p.flatMap((r) => r.prompts))
        : [];
    } else if (which === "resources") {
      lists.resources = has.resources
        ? await paged((cursor) => client.listResources(cursor)).then((p) => p.flatMap((r) => r.resources))
        : [];
    } else {
      lists.templates = has.resources
        ? await paged((cursor) => client.listResourceTemplates(cursor)).then((p) =>
            p.flatMap((r) => r.resourceTemplates),
          )
        : [];
    }
  };

  const changes: Record<string, { lists: (keyof Lists)[]; event: BackendEvent }> = {
    "notifications/tools/list_changed": { lists: ["tools"], event: { type: "tools-list-changed" } },
    "notifications/prompts/list_changed": { lists: ["prompts"], event: { type: "prompts-list-changed" } },
    "notifications/resources/list_changed": {
      lists: ["resources", "templates"],
      event: { type: "resources-list-changed" },
    },
  };
  const onNotification = async (method: string, params: Record<string, unknown> | undefined) => {
    const change = changes[method];
    const session = connection.session;
    if (change && session) {
      for (const which of change.lists) await refresh(session, which).catch(() => {});
      emit(change.event);
    } else if (method === "notifications/resources/updated" && typeof params?.uri === "string") {
      emit({ type: "resource-updated", uri: params.uri });
    } else if (method === "notifications/message" && params) {
      emit({
        type: "log",
        level: params.level as LoggingLevel,
        logger: typeof params.logger === "string" ? params.logger : namespace,
        data: params.data,
      });
    }
  };

  const connection = new UpstreamConnection({
    namespace,
    endpoint: config,
    ...(options.backoffMs === undefined ? {} : { backoffMs: options.backoffMs }),
    ...(config.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: config.connectTimeoutMs }),
    ...(options.onHealth ? { onHealth: options.onHealth } : {}),
    hooks: {
      onNotification: (method, params) => void onNotification(method, params),
      ask: (question) => inFlight.ask(question),
      ...(options.onStderr ? { onStderr: (line: string) => options.onStderr?.(namespace, line) } : {}),
    },
    async ready(session) {
      for (const which of ["tools", "prompts", "resources", "templates"] as const)
        await refresh(session, which);
      if (subscriptions.size > 0) await session.watchResources([...subscriptions]).catch(() => {});
      emit({ type: "tools-list-changed" });
      emit({ type: "prompts-list-changed" });
      emit({ type: "resources-list-changed" });
    },
  });

  /** Runs one request on the upstream, bounded and failing with errors that name it. */
  const run = async <T>(
    request: BackendRequest,
    send: (client: UpstreamSession, options: SessionRequestOptions) => Promise<T>,
  ) => {
    const client = connection.session;
    if (!client) {
      throw new McpError(
        ErrorCode.InternalError,
        `upstream "${namespace}" is unavailable (${connection.state}${connection.reason ? `: ${connection.reason}` : ""})`,
      );
    }
    const release = await slots.acquire(request.signal);
    const call = inFlight.begin(request);
    const progressToken = request.meta?.progressToken as string | number | undefined;
    // Progress is relayed in order, and all of it before the result.
    let relayed = Promise.resolve();
    try {
      const result = await send(client, {
        signal: call.signal,
        timeout,
        ...(progressToken !== undefined && request.notify
          ? {
              onprogress: (progress) => {
                const notification = {
                  method: "notifications/progress" as const,
                  params: { ...progress, progressToken },
                };
                relayed = relayed.then(() => request.notify?.(notification)).catch(() => {});
              },
            }
          : {}),
      });
      await relayed;
      return result;
    } catch (error) {
      call.rethrowInputRequired();
      // A deadline, or a failure below MCP (an HTTP server gone, a session it forgot), may mean
      // the connection is dead without a close: HTTP has no connection to close.
      const code = protocolCode(error);
      if (code === undefined || code === ErrorCode.RequestTimeout) probe(client);
      throw upstreamError(namespace, error);
    } finally {
      call.end();
      release();
    }
  };
  /** After a deadline or a transport failure, an upstream that does not answer a ping within 5 s is restarted. */
  const probe = (client: UpstreamSession) => {
    client.ping(5_000).catch(() => connection.restart("did not answer a ping after a call deadline"));
  };

  await connection.start();
  return {
    namespace,
    health: () => ({
      state: connection.state,
      ...(connection.reason ? { reason: connection.reason } : {}),
      ...(connection.session ? { era: connection.session.era } : {}),
      ...(config.required ? { required: true as const } : {}),
    }),
    pid: () => connection.pid,
    identity: () => upstreamIdentity(namespace, connection.session),
    listTools: () => lists.tools,
    listResources: () => lists.resources,
    listResourceTemplates: () => lists.templates,
    listPrompts: () => lists.prompts,
    callTool(name, args, request) {
      if (!toolAllowed(name, config)) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
      return run(request, (c, o) => c.callTool({ name, arguments: args }, o)) as Promise<CallToolResult>;
    },
    readResource: (uri, request) => run(request, (c, o) => c.readResource({ uri }, o)),
    getPrompt: (name, args, request) => run(request, (c, o) => c.getPrompt({ name, arguments: args }, o)),
    async complete(ref, argument, context, request) {
      const result = await run(request, (c, o) =>
        c.complete({ ref, argument, context: { arguments: context } }, o),
      );
      return result.completion;
    },
    async subscribe(uri, request) {
      subscriptions.add(uri);
      await run(request, (c) => c.watchResources([...subscriptions]));
    },
    async unsubscribe(uri, request) {
      subscriptions.delete(uri);
      if (connection.session) await run(request, (c) => c.watchResources([...subscriptions]));
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => connection.close(),
  };
}

function upstreamIdentity(namespace: string, client: UpstreamSession | undefined) {
  const own = client?.getServerCapabilities() ?? {};
  return {
    serverInfo: client?.getServerVersion() ?? { name: namespace, version: "0.0.0" },
    // Announced whatever the upstream declares now: it may come back with more after a restart.
    capabilities: {
      tools: { listChanged: true },
      prompts: { listChanged: true },
      resources: { listChanged: true, subscribe: Boolean(own.resources?.subscribe) },
      ...(own.completions ? { completions: {} } : {}),
    },
    ...(client?.getInstructions() ? { instructions: client.getInstructions() as string } : {}),
  };
}

/** The JSON-RPC code of an error that crossed the wire (SDK v1 `McpError`, v2 `ProtocolError`). */
function protocolCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "number" ? code : undefined;
}

/** An upstream's error for the client: JSON-RPC errors keep their code, all name the upstream. */
function upstreamError(namespace: string, error: unknown): McpError {
  const code = protocolCode(error);
  if (code !== undefined) {
    const message = (error as Error).message.replace(/^MCP error -?\d+: /, "");
    return new McpError(code, `upstream "${namespace}": ${message}`, (error as { data?: unknown }).data);
  }
  return new McpError(ErrorCode.InternalError, `upstream "${namespace}": ${(error as Error).message}`);
}

/** Every page of a paginated list (at most 100 pages). */
async function paged<T extends { nextCursor?: string | undefined }>(
  list: (params: { cursor?: string } | undefined) => Promise<T>,
): Promise<T[]> {
  const pages = [await list(undefined)];
  for (let cursor = pages[0]?.nextCursor; cursor && pages.length < 100; cursor = pages.at(-1)?.nextCursor) {
    pages.push(await list({ cursor }));
  }
  return pages;
}

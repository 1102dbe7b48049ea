import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  type CallToolResult,
  ErrorCode,
  LoggingMessageNotificationSchema,
  McpError,
  type Prompt,
  PromptListChangedNotificationSchema,
  type Resource,
  ResourceListChangedNotificationSchema,
  type ResourceTemplate,
  ResourceUpdatedNotificationSchema,
  type Tool,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { BackendEvent, BackendRequest, McpBackend } from "@wasi-mcp/router";
import { CallSlots } from "./call-slots.js";
import { InFlightCalls } from "./forward-questions.js";
import { toolAllowed, type UpstreamConfig } from "./upstream-config.js";
import { UpstreamConnection, type UpstreamHealthEvent, type UpstreamState } from "./upstream-connection.js";

/** An upstream MCP server as a backend of the composition, with its health. */
export interface UpstreamBackend extends McpBackend {
  readonly namespace: string;
  /** The connection's state and, when down, why. */
  health(): { state: UpstreamState; reason?: string };
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
 * Connects to an upstream MCP server (a stdio command or a Streamable HTTP URL) and serves it as an
 * `McpBackend`: its lists are cached and refreshed on its `list_changed`, calls are forwarded with
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

  const refresh = async (client: Client, which: keyof Lists) => {
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

  const connection = new UpstreamConnection({
    namespace,
    endpoint: config,
    ...(options.backoffMs === undefined ? {} : { backoffMs: options.backoffMs }),
    ...(options.onHealth ? { onHealth: options.onHealth } : {}),
    ...(options.onStderr ? { onStderr: (line: string) => options.onStderr?.(namespace, line) } : {}),
    prepare(client) {
      inFlight.install(client);
      const onChange = (which: keyof Lists, event: BackendEvent) => async () => {
        await refresh(client, which).catch(() => {});
        if (which === "resources") await refresh(client, "templates").catch(() => {});
        emit(event);
      };
      client.setNotificationHandler(
        ToolListChangedNotificationSchema,
        onChange("tools", { type: "tools-list-changed" }),
      );
      client.setNotificationHandler(
        PromptListChangedNotificationSchema,
        onChange("prompts", { type: "prompts-list-changed" }),
      );
      client.setNotificationHandler(
        ResourceListChangedNotificationSchema,
        onChange("resources", { type: "resources-list-changed" }),
      );
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, async (n) => {
        emit({ type: "resource-updated", uri: n.params.uri });
      });
      client.setNotificationHandler(LoggingMessageNotificationSchema, async (n) => {
        emit({
          type: "log",
          level: n.params.level,
          logger: n.params.logger ?? namespace,
          data: n.params.data,
        });
      });
    },
    async ready(client) {
      for (const which of ["tools", "prompts", "resources", "templates"] as const)
        await refresh(client, which);
      for (const uri of subscriptions) await client.subscribeResource({ uri }).catch(() => {});
      emit({ type: "tools-list-changed" });
      emit({ type: "prompts-list-changed" });
      emit({ type: "resources-list-changed" });
    },
  });

  /** Runs one request on the upstream, bounded and failing with errors that name it. */
  const run = async <T>(
    request: BackendRequest,
    send: (client: Client, options: RequestOptions) => Promise<T>,
  ) => {
    const client = connection.client;
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
      if (!(error instanceof McpError) || error.code === ErrorCode.RequestTimeout) probe(client);
      throw upstreamError(namespace, error);
    } finally {
      call.end();
      release();
    }
  };
  /** After a deadline or a transport failure, an upstream that does not answer a ping within 5 s is restarted. */
  const probe = (client: Client) => {
    client
      .ping({ timeout: 5_000 })
      .catch(() => connection.restart("did not answer a ping after a call deadline"));
  };

  await connection.start();
  return {
    namespace,
    health: () => ({ state: connection.state, ...(connection.reason ? { reason: connection.reason } : {}) }),
    pid: () => connection.pid,
    identity: () => upstreamIdentity(namespace, connection.client ?? undefined),
    listTools: () => lists.tools,
    listResources: () => lists.resources,
    listResourceTemplates: () => lists.templates,
    listPrompts: () => lists.prompts,
    callTool(name, args, request) {
      if (!toolAllowed(name, config)) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
      return run(request, (c, o) =>
        c.callTool({ name, arguments: args }, undefined, o),
      ) as Promise<CallToolResult>;
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
      await run(request, (c, o) => c.subscribeResource({ uri }, o));
    },
    async unsubscribe(uri, request) {
      subscriptions.delete(uri);
      if (connection.client) await run(request, (c, o) => c.unsubscribeResource({ uri }, o));
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => connection.close(),
  };
}

function upstreamIdentity(namespace: string, client: Client | undefined) {
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

/** An upstream's error for the client: JSON-RPC errors keep their code, all name the upstream. */
function upstreamError(namespace: string, error: unknown): McpError {
  if (error instanceof McpError) {
    const message = error.message.replace(/^MCP error -?\d+: /, "");
    return new McpError(error.code, `upstream "${namespace}": ${message}`, error.data);
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

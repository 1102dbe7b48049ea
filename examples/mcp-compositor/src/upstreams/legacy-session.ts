import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { WebSocketClientTransport } from "@wasi-mcp/transport-ws";
import { guardedCommand } from "./child-guard.js";
import { isWebSocketUrl, type UpstreamEndpoint } from "./upstream-config.js";
import { forwardLines, type SessionHooks, type UpstreamSession } from "./upstream-session.js";

/** The client's identity and capabilities toward every upstream, in both eras. */
export const GATEWAY_CLIENT = {
  info: { name: "mcp-compositor", version: "0.1.0" },
  capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } },
} as const;

/**
 * Connects to a 2025-11-25 upstream with the SDK v1 client: server→client requests and
 * notifications go to `hooks`, resource updates come from `resources/subscribe`.
 */
export async function connectLegacy(
  endpoint: UpstreamEndpoint,
  hooks: SessionHooks,
  timeoutMs: number,
): Promise<UpstreamSession> {
  const client = new Client(GATEWAY_CLIENT.info, { capabilities: { ...GATEWAY_CLIENT.capabilities } });
  const ask = (request: { method: string; params?: unknown }) => hooks.ask(request) as never;
  client.setRequestHandler(CreateMessageRequestSchema, ask);
  client.setRequestHandler(ElicitRequestSchema, ask);
  client.setRequestHandler(ListRootsRequestSchema, ask);
  for (const schema of [
    ToolListChangedNotificationSchema,
    PromptListChangedNotificationSchema,
    ResourceListChangedNotificationSchema,
    ResourceUpdatedNotificationSchema,
    LoggingMessageNotificationSchema,
  ]) {
    client.setNotificationHandler(schema, async (n) => hooks.onNotification(n.method, n.params));
  }
  client.onclose = () => hooks.onclose();
  try {
    await client.connect(legacyTransport(endpoint, hooks.onStderr), { timeout: timeoutMs });
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
  let watched = new Set<string>();
  return {
    era: "legacy",
    get pid() {
      const transport = client.transport;
      return transport instanceof StdioClientTransport ? (transport.pid ?? undefined) : undefined;
    },
    getServerCapabilities: () => client.getServerCapabilities(),
    getServerVersion: () => client.getServerVersion(),
    getInstructions: () => client.getInstructions(),
    listTools: (params) => client.listTools(params),
    listPrompts: (params) => client.listPrompts(params),
    listResources: (params) => client.listResources(params),
    listResourceTemplates: (params) => client.listResourceTemplates(params),
    callTool: (params, options) => client.callTool(params, undefined, options) as never,
    readResource: (params, options) => client.readResource(params, options),
    getPrompt: (params, options) => client.getPrompt(params, options),
    complete: (params, options) => client.complete(params as never, options),
    async watchResources(uris) {
      const next = new Set(uris);
      if (!client.getServerCapabilities()?.resources?.subscribe) {
        watched = next;
        return;
      }
      for (const uri of next) if (!watched.has(uri)) await client.subscribeResource({ uri });
      for (const uri of watched)
        if (!next.has(uri)) await client.unsubscribeResource({ uri }).catch(() => {});
      watched = next;
    },
    async ping(timeoutMs) {
      await client.ping({ timeout: timeoutMs });
    },
    close: () => client.close(),
  };
}

function legacyTransport(endpoint: UpstreamEndpoint, onStderr?: (line: string) => void): Transport {
  if ("url" in endpoint && isWebSocketUrl(endpoint.url)) {
    return new WebSocketClientTransport(new URL(endpoint.url), {
      ...(endpoint.headers ? { headers: endpoint.headers } : {}),
    });
  }
  if ("url" in endpoint) {
    return new StreamableHTTPClientTransport(new URL(endpoint.url), {
      ...(endpoint.headers ? { requestInit: { headers: endpoint.headers } } : {}),
    });
  }
  const transport = new StdioClientTransport({
    ...guardedCommand(endpoint.command, endpoint.args ?? []),
    env: { ...getDefaultEnvironment(), ...(endpoint.env ?? {}) },
    ...(endpoint.cwd ? { cwd: endpoint.cwd } : {}),
    stderr: "pipe",
  });
  forwardLines(transport.stderr, onStderr);
  return transport;
}

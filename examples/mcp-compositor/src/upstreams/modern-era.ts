// The compositor's one file on the 2026 side of the era boundary (ADR 0005, ADR 0013 §2): the SDK
// v2 client that probes an upstream with `server/discover` and serves a 2026-07-28 upstream.
import {
  Client,
  type DiscoverResult,
  LOG_LEVEL_META_KEY,
  type McpSubscription,
  StreamableHTTPClientTransport,
} from "@modelcontextprotocol/client";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { WebSocketClientTransport } from "@wasi-mcp/transport-ws";
import { guardedCommand } from "./child-guard.js";
import { GATEWAY_CLIENT } from "./legacy-session.js";
import { isWebSocketUrl, type UpstreamEndpoint } from "./upstream-config.js";
import {
  forwardLines,
  type SessionHooks,
  type SessionRequestOptions,
  type UpstreamSession,
} from "./upstream-session.js";

/** What a probe found: the newest revision an upstream offers, with its `server/discover` result. */
export type EraVerdict = { era: "modern"; discover: DiscoverResult } | { era: "legacy" };

/**
 * Asks an upstream which revisions it offers, with the SDK v2 client's `auto` negotiation on a
 * connection of its own (closed after): `server/discover` answered with 2026-07-28 is `modern`;
 * any other answer, silence past `timeoutMs` on stdio, or a stdio child that exits on the
 * unknown method (SDKs that end on any request before `initialize`) is `legacy`. Over HTTP or
 * WebSocket a failure to reach the server rejects: that is an outage, not an era.
 */
export async function probeEra(endpoint: UpstreamEndpoint, timeoutMs: number): Promise<EraVerdict> {
  const client = new Client(GATEWAY_CLIENT.info, {
    capabilities: { ...GATEWAY_CLIENT.capabilities },
    versionNegotiation: { mode: "auto", probe: { timeoutMs } },
  });
  const stdio = !("url" in endpoint);
  try {
    // A subclass probes in place, on its own child (the SDK would spawn a sibling for the base class).
    await client.connect(
      stdio ? new ProbeTransport(stdioParameters(endpoint, "ignore")) : urlTransport(endpoint),
      {
        timeout: timeoutMs,
      },
    );
    const discover = client.getDiscoverResult();
    return client.getProtocolEra() === "modern" && discover ? { era: "modern", discover } : { era: "legacy" };
  } catch (error) {
    if (stdio) return { era: "legacy" };
    throw error;
  } finally {
    await client.close().catch(() => {});
  }
}

class ProbeTransport extends StdioClientTransport {}

/**
 * Connects to a 2026-07-28 upstream with the SDK v2 client, adopting the probe's `discover`
 * (no second round trip). The upstream's `input_required` is fulfilled by the client through
 * `hooks.ask` and retried with the answers (the upstream's `requestState` stays between them);
 * list changes and resource updates come from one `subscriptions/listen` stream.
 */
export async function connectModern(
  endpoint: UpstreamEndpoint,
  discover: DiscoverResult,
  hooks: SessionHooks,
  timeoutMs: number,
): Promise<UpstreamSession> {
  const client = new Client(GATEWAY_CLIENT.info, { capabilities: { ...GATEWAY_CLIENT.capabilities } });
  const ask = (request: { method: string; params?: unknown }) =>
    hooks.ask({ method: request.method, params: request.params }) as never;
  client.setRequestHandler("sampling/createMessage", ask);
  client.setRequestHandler("elicitation/create", ask);
  client.setRequestHandler("roots/list", ask);
  for (const method of [
    "notifications/tools/list_changed",
    "notifications/prompts/list_changed",
    "notifications/resources/list_changed",
    "notifications/resources/updated",
    "notifications/message",
  ] as const) {
    client.setNotificationHandler(method, async (n) => hooks.onNotification(n.method, n.params));
  }
  let closed = false;
  client.onclose = () => {
    closed = true;
    hooks.onclose();
  };
  const transport =
    "url" in endpoint ? urlTransport(endpoint) : new StdioClientTransport(stdioParameters(endpoint, "pipe"));
  if (transport instanceof StdioClientTransport) forwardLines(transport.stderr, hooks.onStderr);
  try {
    await client.connect(transport, { prior: { kind: "modern", discover }, timeout: timeoutMs });
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }

  let subscription: McpSubscription | undefined;
  /** One listen stream for the list changes the upstream announces and the watched resources. */
  const listen = async (uris: readonly string[]) => {
    const has = client.getServerCapabilities() ?? {};
    const filter = {
      ...(has.tools?.listChanged ? { toolsListChanged: true } : {}),
      ...(has.prompts?.listChanged ? { promptsListChanged: true } : {}),
      ...(has.resources?.listChanged ? { resourcesListChanged: true } : {}),
      ...(uris.length > 0 ? { resourceSubscriptions: [...uris] } : {}),
    };
    const previous = subscription;
    subscription = undefined;
    await previous?.close();
    if (Object.keys(filter).length === 0) return;
    const next = await client.listen(filter);
    subscription = next;
    // Over HTTP a listen stream that ends unasked for is the only sign that the server went away.
    void next.closed.then((how) => {
      if (how === "remote" && subscription === next && !closed) void client.close();
    });
  };
  await listen([]);

  const withLogLevel = <P extends Record<string, unknown>>(params: P) => ({
    ...params,
    // The 2026 face filters by the client's own level; the upstream sends what it has.
    _meta: { ...((params._meta as object | undefined) ?? {}), [LOG_LEVEL_META_KEY]: "debug" },
  });
  const opts = (options: SessionRequestOptions) => ({
    signal: options.signal,
    timeout: options.timeout,
    ...(options.onprogress ? { onprogress: options.onprogress } : {}),
  });
  return {
    era: "modern",
    get pid() {
      return transport instanceof StdioClientTransport ? (transport.pid ?? undefined) : undefined;
    },
    getServerCapabilities: () => client.getServerCapabilities() as never,
    getServerVersion: () => client.getServerVersion(),
    getInstructions: () => client.getInstructions(),
    listTools: (params) => client.listTools(params, { cacheMode: "bypass" }) as never,
    listPrompts: (params) => client.listPrompts(params, { cacheMode: "bypass" }) as never,
    listResources: (params) => client.listResources(params, { cacheMode: "bypass" }) as never,
    listResourceTemplates: (params) => client.listResourceTemplates(params, { cacheMode: "bypass" }) as never,
    callTool: (params, options) => client.callTool(withLogLevel(params), opts(options)) as never,
    readResource: (params, options) =>
      client.readResource(withLogLevel(params), { ...opts(options), cacheMode: "bypass" }) as never,
    getPrompt: (params, options) => client.getPrompt(withLogLevel(params), opts(options)) as never,
    complete: (params, options) => client.complete(params as never, opts(options)) as never,
    watchResources: (uris) => listen(uris),
    async ping(timeoutMs) {
      await client.discover({ timeout: timeoutMs });
    },
    async close() {
      closed = true;
      await subscription?.close().catch(() => {});
      await client.close();
    },
  };
}

function stdioParameters(
  endpoint: Extract<UpstreamEndpoint, { command: string }>,
  stderr: "pipe" | "ignore",
) {
  return {
    ...guardedCommand(endpoint.command, endpoint.args ?? []),
    env: { ...getDefaultEnvironment(), ...(endpoint.env ?? {}) },
    ...(endpoint.cwd ? { cwd: endpoint.cwd } : {}),
    stderr,
  };
}

function urlTransport(endpoint: Extract<UpstreamEndpoint, { url: string }>) {
  if (isWebSocketUrl(endpoint.url)) {
    // Ours (headers on the upgrade, bounded frames); the SDK v2 client takes any SDK-shaped transport.
    return new WebSocketClientTransport(new URL(endpoint.url), {
      ...(endpoint.headers ? { headers: endpoint.headers } : {}),
    }) as unknown as StreamableHTTPClientTransport;
  }
  return new StreamableHTTPClientTransport(new URL(endpoint.url), {
    ...(endpoint.headers ? { requestInit: { headers: endpoint.headers } } : {}),
  });
}

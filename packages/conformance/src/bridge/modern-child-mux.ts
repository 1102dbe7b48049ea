import type { JSONRPCMessage, RequestId, ServerCapabilities } from "@modelcontextprotocol/sdk/types.js";
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  type ServerEventBus,
  SUBSCRIPTION_ID_META_KEY,
} from "@modelcontextprotocol/server";
import type { ChildPool, StdioChild } from "./child-pool.js";

const PREFIX = "[@wasi-mcp/conformance-harness]";

/** The envelope of the bridge's own 2026 requests to the stdio server. */
const ENVELOPE = {
  [PROTOCOL_VERSION_META_KEY]: "2026-07-28",
  [CLIENT_INFO_META_KEY]: { name: "wasi-mcp-stdio-bridge", version: "0.0.0" },
  [CLIENT_CAPABILITIES_META_KEY]: {},
};

/** Ids of the bridge's own requests (a relayed request's id is `b<n>`). */
const DISCOVER_ID = "bridge-discover";
const LISTEN_ID = "bridge-listen";
/** Ids of the bridge's own `tools/list` pages: the input schemas its HTTP entry checks headers by. */
const TOOLS_ID_PREFIX = "bridge-tools-";

/** The bus event of a list-change notification the stdio server sends on the bridge's listen stream. */
const LIST_CHANGES = {
  "notifications/tools/list_changed": "tools_list_changed",
  "notifications/prompts/list_changed": "prompts_list_changed",
  "notifications/resources/list_changed": "resources_list_changed",
} as const;

/** One 2026 request's view of the shared stdio server. */
export interface MuxExchange {
  /** Sends a message of this exchange's client to the stdio server. */
  send(message: JSONRPCMessage): void;
  /** Stops routing the stdio server's messages to this exchange. */
  close(): void;
}

interface Route {
  clientId: RequestId;
  progressToken: string | number | undefined;
  deliver(message: JSONRPCMessage): void;
}

/**
 * One stdio server process shared by every MCP 2026-07-28 request of the bridge: 2026 is
 * stateless, so the process (pinned to 2026 by the first request's envelope) serves them all, and
 * no request waits for a process to start. Request ids and progress tokens are renamed on the way
 * in (`b<n>`), so concurrent requests with the same id cannot collide, and restored on the way
 * out. A notification with neither (a log record) goes to the newest request in flight, as
 * {@link RequestRelation} guesses for 2025 sessions. If the process ends, the next request starts
 * another.
 *
 * Each process is first asked `server/discover` (its capabilities, which the bridge's own
 * `subscriptions/listen` streams honour) and opened one `subscriptions/listen` for every list
 * change it advertises; what arrives there is published on `events`, the bus of the bridge's HTTP
 * entry, which serves every client's listen stream with its own filter. (Resource updates need
 * the URIs named up front, so they are not relayed.)
 *
 * @example
 * ```ts
 * const mux = new ModernChildMux(pool, report, bus);
 * const exchange = mux.open((message) => transport.send(message));
 * exchange.send(request);
 * ```
 */
export class ModernChildMux {
  private child: Promise<StdioChild> | undefined;
  private next = 0;
  private readonly routes = new Map<string, Route>();
  private discovered: Promise<ServerCapabilities> | undefined;
  private answerDiscover: ((capabilities: ServerCapabilities) => void) | undefined;
  /** The stdio server's tools' input schemas, by name, as of its last `tools/list`. */
  private toolSchemas = new Map<string, unknown>();
  /** The pages of the `tools/list` under way. */
  private listing: Map<string, unknown> | undefined;
  private listings = 0;

  constructor(
    private readonly pool: ChildPool,
    private readonly onError: (error: Error) => void,
    private readonly events?: ServerEventBus,
  ) {}

  /**
   * The capabilities the stdio server advertises in `server/discover` (starting it if needed);
   * empty when it does not answer.
   */
  capabilities(): Promise<ServerCapabilities> {
    this.started().catch((error: unknown) => this.fail(error));
    return this.discovered ?? Promise.resolve({});
  }

  /**
   * A tool's input schema as the stdio server last listed it: what the bridge's HTTP entry checks
   * `Mcp-Param-*` headers against (SEP-2243), as `mcp-compositor --transport http` does.
   */
  toolInputSchema(name: string): unknown {
    return this.toolSchemas.get(name);
  }

  /** Opens an exchange whose stdio-server messages go to `deliver`. */
  open(deliver: (message: JSONRPCMessage) => void): MuxExchange {
    const keys: string[] = [];
    return {
      send: (message) => {
        const renamed = this.renameInbound(message, deliver, keys);
        this.started()
          .then((child) => child.transport.send(renamed))
          .catch((error: unknown) => this.fail(error));
      },
      close: () => {
        for (const key of keys) this.routes.delete(key);
      },
    };
  }

  /** Ends the stdio server. */
  async close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    this.routes.clear();
    await (await child?.catch(() => undefined))?.transport.close();
  }

  private renameInbound(message: JSONRPCMessage, deliver: Route["deliver"], keys: string[]): JSONRPCMessage {
    if ("method" in message && "id" in message) {
      const key = `b${this.next++}`;
      keys.push(key);
      const params = message.params as { _meta?: Record<string, unknown> } | undefined;
      const token = params?._meta?.progressToken;
      const progressToken = typeof token === "string" || typeof token === "number" ? token : undefined;
      this.routes.set(key, { clientId: message.id, progressToken, deliver });
      const meta = progressToken === undefined ? params?._meta : { ...params?._meta, progressToken: key };
      return {
        ...message,
        id: key,
        ...(params ? { params: { ...params, _meta: meta } } : {}),
      } as JSONRPCMessage;
    }
    if ("method" in message && message.method === "notifications/cancelled") {
      const cancelled = message.params?.requestId;
      const key = keys.find((candidate) => this.routes.get(candidate)?.clientId === cancelled);
      if (key) return { ...message, params: { ...message.params, requestId: key } } as JSONRPCMessage;
    }
    return message;
  }

  private started(): Promise<StdioChild> {
    if (this.child) return this.child;
    this.discovered = new Promise((resolve) => {
      this.answerDiscover = resolve;
    });
    const child = this.pool.take().then(async (taken) => {
      taken.transport.onmessage = (message) => this.routeOutbound(message);
      taken.transport.onerror = (error) => this.fail(error, taken);
      taken.transport.onclose = () => {
        if (this.child === child) this.child = undefined;
        this.answerDiscover?.({});
      };
      // The first message pins the process to 2026; the listen stream follows the discovery.
      await taken.transport.send({
        jsonrpc: "2.0",
        id: DISCOVER_ID,
        method: "server/discover",
        params: { _meta: ENVELOPE },
      });
      return taken;
    });
    this.child = child;
    child.catch(() => this.answerDiscover?.({}));
    return child;
  }

  /** Opens the bridge's listen stream for the list changes the stdio server advertises. */
  private listen(capabilities: ServerCapabilities): void {
    const notifications = {
      ...(capabilities.tools?.listChanged ? { toolsListChanged: true } : {}),
      ...(capabilities.prompts?.listChanged ? { promptsListChanged: true } : {}),
      ...(capabilities.resources?.listChanged ? { resourcesListChanged: true } : {}),
    };
    if (!this.events || Object.keys(notifications).length === 0) return;
    this.started()
      .then((child) =>
        child.transport.send({
          jsonrpc: "2.0",
          id: LISTEN_ID,
          method: "subscriptions/listen",
          params: { notifications, _meta: ENVELOPE },
        }),
      )
      .catch((error: unknown) => this.fail(error));
  }

  /** Handles what answers the bridge's own requests; true when `message` was one of those. */
  private own(message: JSONRPCMessage): boolean {
    if ("id" in message && message.id === DISCOVER_ID && !("method" in message)) {
      const result = "result" in message ? (message.result as { capabilities?: ServerCapabilities }) : {};
      const capabilities = result.capabilities ?? {};
      this.answerDiscover?.(capabilities);
      this.listen(capabilities);
      if (capabilities.tools) this.listTools();
      return true;
    }
    if ("id" in message && String(message.id).startsWith(TOOLS_ID_PREFIX) && !("method" in message)) {
      this.toolsPage(message);
      return true;
    }
    if ("id" in message && message.id === LISTEN_ID) return true; // the stream ended
    if (!("method" in message) || "id" in message) return false;
    const meta = (message.params as { _meta?: Record<string, unknown> } | undefined)?._meta;
    if (meta?.[SUBSCRIPTION_ID_META_KEY] !== LISTEN_ID) return false;
    const kind = LIST_CHANGES[message.method as keyof typeof LIST_CHANGES];
    if (kind === "tools_list_changed") this.listTools();
    if (kind) this.events?.publish({ kind });
    return true; // the acknowledgement, or a change
  }

  /** Asks the stdio server for its tools (from the first page); the answer replaces the cache. */
  private listTools(cursor?: string): void {
    if (cursor === undefined) this.listing = new Map();
    const id = `${TOOLS_ID_PREFIX}${this.listings++}`;
    this.started()
      .then((child) =>
        child.transport.send({
          jsonrpc: "2.0",
          id,
          method: "tools/list",
          params: { ...(cursor === undefined ? {} : { cursor }), _meta: ENVELOPE },
        }),
      )
      .catch((error: unknown) => this.fail(error));
  }

  private toolsPage(message: JSONRPCMessage): void {
    const listing = this.listing;
    if (!listing || !("result" in message)) return;
    const result = message.result as {
      tools?: { name: string; inputSchema?: unknown }[];
      nextCursor?: string;
    };
    for (const tool of result.tools ?? []) listing.set(tool.name, tool.inputSchema);
    if (typeof result.nextCursor === "string" && result.nextCursor !== "") {
      this.listTools(result.nextCursor);
      return;
    }
    this.toolSchemas = listing;
    this.listing = undefined;
  }

  private routeOutbound(message: JSONRPCMessage): void {
    if (this.own(message)) return;
    if (!("method" in message)) {
      const key = "id" in message ? String(message.id) : "";
      const route = this.routes.get(key);
      if (!route) return;
      this.routes.delete(key);
      route.deliver({ ...message, id: route.clientId } as JSONRPCMessage);
      return;
    }
    if (message.method === "notifications/progress") {
      const key = String(message.params?.progressToken);
      const route = this.routes.get(key);
      if (route?.progressToken === undefined) return;
      route.deliver({ ...message, params: { ...message.params, progressToken: route.progressToken } });
      return;
    }
    const newest = [...this.routes.values()].at(-1);
    newest?.deliver(message);
  }

  private fail(error: unknown, child?: StdioChild): void {
    const message = error instanceof Error ? error.message : String(error);
    const tail = child?.stderr.tail();
    this.onError(new Error(`${PREFIX} relaying 2026 requests: ${message}${tail ? `\n${tail}` : ""}`));
  }
}

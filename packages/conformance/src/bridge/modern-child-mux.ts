import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import type { ChildPool, StdioChild } from "./child-pool.js";

const PREFIX = "[@wasi-mcp/conformance-harness]";

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
 * @example
 * ```ts
 * const mux = new ModernChildMux(pool, report);
 * const exchange = mux.open((message) => transport.send(message));
 * exchange.send(request);
 * ```
 */
export class ModernChildMux {
  private child: Promise<StdioChild> | undefined;
  private next = 0;
  private readonly routes = new Map<string, Route>();

  constructor(
    private readonly pool: ChildPool,
    private readonly onError: (error: Error) => void,
  ) {}

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
    const child = this.pool.take().then((taken) => {
      taken.transport.onmessage = (message) => this.routeOutbound(message);
      taken.transport.onerror = (error) => this.fail(error, taken);
      taken.transport.onclose = () => {
        if (this.child === child) this.child = undefined;
      };
      return taken;
    });
    this.child = child;
    return child;
  }

  private routeOutbound(message: JSONRPCMessage): void {
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

import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";

interface InFlight {
  id: RequestId;
  method: string;
  progressToken: string | number | undefined;
}

/** Notifications that belong to the session, not to a request: they go to the GET stream. */
const SESSION_NOTIFICATIONS = new Set([
  "notifications/resources/updated",
  "notifications/resources/list_changed",
  "notifications/tools/list_changed",
  "notifications/prompts/list_changed",
]);

/**
 * Decides which client request a message from a stdio server relates to. Streamable HTTP puts a
 * request's notifications and server→client requests on that request's SSE stream; a stdio wire
 * carries no such relation, so the bridge infers it: a progress notification relates to the
 * request that carries its progress token; any other request-scoped message (log messages,
 * sampling and elicitation requests) to the newest client request still in flight. With several
 * requests in flight that guess can pick the wrong stream — the message still reaches the
 * client, on another of its streams.
 *
 * @example
 * ```ts
 * const relation = new RequestRelation();
 * relation.fromClient({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "t" } });
 * relation.fromServer({ jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: "x" } }); // 1
 * ```
 */
export class RequestRelation {
  private readonly inFlight: InFlight[] = [];

  /** Records a message the client sent (towards the stdio server). */
  fromClient(message: JSONRPCMessage): void {
    if (!("method" in message)) return;
    if (!("id" in message)) {
      // A cancelled request gets no response: stop relating messages to it.
      const cancelled = message.params?.requestId;
      if (message.method === "notifications/cancelled" && cancelled !== undefined) {
        this.settle(cancelled as RequestId);
      }
      return;
    }
    const meta = message.params?._meta as { progressToken?: unknown } | undefined;
    const token = meta?.progressToken;
    this.inFlight.push({
      id: message.id,
      method: message.method,
      progressToken: typeof token === "string" || typeof token === "number" ? token : undefined,
    });
  }

  /**
   * Records a message the stdio server sent and returns the client request it relates to, if any.
   * Responses return undefined: the transport routes them by their own id.
   */
  fromServer(message: JSONRPCMessage): RequestId | undefined {
    if (!("method" in message)) {
      if ("id" in message && message.id !== undefined) this.settle(message.id);
      return undefined;
    }
    if (message.method === "notifications/progress") {
      const token = message.params?.progressToken;
      return this.inFlight.find((request) => request.progressToken === token)?.id;
    }
    if (SESSION_NOTIFICATIONS.has(message.method)) return undefined;
    return this.newest()?.id;
  }

  /** Client requests still waiting for their response. */
  get pending(): number {
    return this.inFlight.length;
  }

  private settle(id: RequestId): void {
    const index = this.inFlight.findIndex((request) => request.id === id);
    if (index !== -1) this.inFlight.splice(index, 1);
  }

  private newest(): InFlight | undefined {
    for (let i = this.inFlight.length - 1; i >= 0; i--) {
      const request = this.inFlight[i];
      if (request && request.method !== "ping") return request;
    }
    return undefined;
  }
}

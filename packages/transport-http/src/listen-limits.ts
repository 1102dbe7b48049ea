import type { IncomingMessage } from "node:http";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { ListenSlots } from "@wasi-mcp/router";

/**
 * Counts the open MCP 2026-07-28 `subscriptions/listen` streams of each client, so that one client
 * cannot take every slot of the endpoint (`maxListenStreams`, which the SDK entry enforces). A
 * client is its credential (`authInfo.clientId`) when the endpoint checks one, else its address.
 */
export class ListenLimits {
  readonly #perClient: number;
  readonly #open = new Map<string, ListenSlots>();

  /** @param perClient - most open listen streams of one client */
  constructor(perClient: number) {
    this.#perClient = perClient;
  }

  /**
   * Takes a slot for a listen stream of the request's client; returns the function that gives it
   * back (call it once, when the response closes), or undefined when the client holds
   * `perClient` streams already.
   */
  open(req: IncomingMessage, authInfo: AuthInfo | undefined): (() => void) | undefined {
    const client =
      authInfo?.clientId !== undefined ? `id:${authInfo.clientId}` : `ip:${req.socket.remoteAddress}`;
    const slots = this.#open.get(client) ?? new ListenSlots(this.#perClient);
    const giveBack = slots.take();
    if (!giveBack) return undefined;
    this.#open.set(client, slots);
    return () => {
      giveBack();
      // A client with nothing open is forgotten (its entry would otherwise stay for ever).
      if (slots.open === 0 && this.#open.get(client) === slots) this.#open.delete(client);
    };
  }

  /** The JSON-RPC error answering a listen request over the per-client bound. */
  refusal(id: unknown): Record<string, unknown> {
    return {
      jsonrpc: "2.0",
      id: typeof id === "string" || typeof id === "number" ? id : null,
      error: {
        code: -32603,
        message: `Subscription limit reached: this client already has ${this.#perClient} open subscriptions/listen streams (maxListenStreamsPerClient)`,
      },
    };
  }
}

/** Whether a 2026 body is a `subscriptions/listen` request. */
export function isListenRequest(body: unknown): body is { id: unknown; method: "subscriptions/listen" } {
  return (
    typeof body === "object" &&
    body !== null &&
    !Array.isArray(body) &&
    (body as { method?: unknown }).method === "subscriptions/listen" &&
    "id" in body
  );
}

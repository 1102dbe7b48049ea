import type { IncomingMessage } from "node:http";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";

/** Default `maxListenStreams`: the SDK entry's own default. */
export const DEFAULT_MAX_LISTEN_STREAMS = 1024;

/** Default `maxListenStreamsPerClient`. */
export const DEFAULT_MAX_LISTEN_STREAMS_PER_CLIENT = 64;

/**
 * Counts the open MCP 2026-07-28 `subscriptions/listen` streams of each client, so that one client
 * cannot take every slot of the endpoint (`maxListenStreams`, which the SDK entry enforces). A
 * client is its credential (`authInfo.clientId`) when the endpoint checks one, else its address.
 */
export class ListenLimits {
  readonly #perClient: number;
  readonly #open = new Map<string, number>();

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
    const count = this.#open.get(client) ?? 0;
    if (count >= this.#perClient) return undefined;
    this.#open.set(client, count + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.#open.get(client) ?? 1) - 1;
      if (left === 0) this.#open.delete(client);
      else this.#open.set(client, left);
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

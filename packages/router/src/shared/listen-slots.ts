/** Default bound of an endpoint's open `subscriptions/listen` streams: the MCP SDK's own (1024). */
export const DEFAULT_MAX_LISTEN_STREAMS = 1024;

/**
 * A count of the 2026 `subscriptions/listen` subscriptions open across many connections (an
 * endpoint), shared by their `serveChannel`s so that their sum stays within `limit`.
 *
 * @example
 * ```ts
 * const slots = new ListenSlots(1024);
 * createWebSocketServer({ ..., maxListenStreams: 1024 }); // makes one and hands it to each connection
 * ```
 */
export class ListenSlots {
  readonly limit: number;
  #open = 0;

  /** @param limit - most subscriptions open at once */
  constructor(limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new RangeError(`[@wasi-mcp/router] maxListenStreams must be a positive integer, got ${limit}`);
    }
    this.limit = limit;
  }

  /** Subscriptions open now. */
  get open(): number {
    return this.#open;
  }

  /** Takes a slot; returns the function that gives it back (once), or undefined when all are taken. */
  take(): (() => void) | undefined {
    if (this.#open >= this.limit) return undefined;
    this.#open++;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.#open--;
    };
  }
}

import { McpError } from "@modelcontextprotocol/sdk/types.js";

/**
 * A counting semaphore: at most `limit` holders; up to `limit` more wait in order; past that,
 * `acquire` fails at once with an error naming `owner`.
 */
export class CallSlots {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly owner: string,
  ) {
    this.#free = limit;
  }

  /** Waits for a slot; the returned function gives it back (once). */
  async acquire(signal: AbortSignal): Promise<() => void> {
    if (this.#free > 0) {
      this.#free--;
      return this.#releaser();
    }
    if (this.#waiting.length >= this.limit) {
      throw new McpError(
        -32603,
        `upstream "${this.owner}" is busy: ${this.limit} calls in flight and as many waiting`,
      );
    }
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        this.#waiting.splice(this.#waiting.indexOf(wake), 1);
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#waiting.push(wake);
    });
    return this.#releaser();
  }

  #releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    };
  }
}

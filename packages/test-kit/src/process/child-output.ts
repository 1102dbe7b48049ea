import type { EventEmitter } from "node:events";
import { StringDecoder } from "node:string_decoder";

/**
 * Keeps the last lines a child process wrote on one stream, and lets a caller wait for the first
 * line matching a pattern.
 *
 * @example
 * ```ts
 * const output = new ChildOutput(child.stderr);
 * const [, url] = await output.waitFor(/at (http:\S+)/, 30_000);
 * ```
 */
export class ChildOutput {
  readonly #lines: string[] = [];
  #partial = "";
  readonly #waiters = new Set<(line: string) => void>();
  readonly #decoder = new StringDecoder("utf8");
  readonly #keep: number;

  /**
   * @param stream - a child's stderr or stdout (any emitter of `data` chunks)
   * @param keep - how many of the last lines to keep (a soak's server runs for hours)
   * @param onLine - called with every complete line
   */
  constructor(stream: EventEmitter | null, keep = 40, onLine?: (line: string) => void) {
    this.#keep = keep;
    if (onLine) this.#waiters.add(onLine);
    stream?.on("data", (chunk: Buffer | string) =>
      this.#push(typeof chunk === "string" ? chunk : this.#decoder.write(chunk)),
    );
  }

  /** The lines kept, joined with `\n` (a line not yet ended included). */
  tail(): string {
    return [...this.#lines, this.#partial].filter((line) => line !== "").join("\n");
  }

  /**
   * Resolves with the match of the first line (seen before or after the call) matching `pattern`;
   * rejects after `timeoutMs`, or when `exited` settles first, with the output's tail.
   */
  waitFor(pattern: RegExp, timeoutMs: number, exited?: Promise<unknown>): Promise<RegExpMatchArray> {
    const seen = this.#lines.map((line) => line.match(pattern)).find((match) => match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`no line matching ${pattern} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const waiter = (line: string) => {
        const match = line.match(pattern);
        if (match) finish(undefined, match);
      };
      const finish = (error?: Error, match?: RegExpMatchArray) => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        if (match) resolve(match);
        else reject(new Error(`${error?.message}; output:\n${this.tail()}`));
      };
      this.#waiters.add(waiter);
      exited?.then(
        () => finish(new Error("the process exited first")),
        () => finish(new Error("the process failed to start")),
      );
    });
  }

  #push(chunk: string): void {
    const parts = (this.#partial + chunk).split("\n");
    this.#partial = parts.pop() ?? "";
    for (const line of parts) {
      this.#lines.push(line);
      if (this.#lines.length > this.#keep) this.#lines.shift();
      for (const waiter of this.#waiters) waiter(line);
    }
  }
}

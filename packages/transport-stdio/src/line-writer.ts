import type { Writable } from "node:stream";
import { ERROR_PREFIX } from "./errors.js";

/**
 * Writes whole lines to a stream one at a time, in call order, honouring backpressure: a line is
 * handed to the stream only after the previous one was accepted, and when `write()` returns
 * `false` the next line waits for `'drain'`. Each line is a single `write()` call, so lines are
 * never interleaved or split by this writer.
 *
 * @example
 * ```ts
 * const writer = new LineWriter(process.stdout);
 * await writer.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
 * await writer.flush();
 * ```
 */
export class LineWriter {
  private readonly stream: Writable;
  /** Settles when the most recently queued line was accepted or failed; never rejects. */
  private tail: Promise<void> = Promise.resolve();
  /** One promise per line whose write callback has not fired yet; never rejects. */
  private readonly inFlight = new Set<Promise<void>>();

  /** @param stream - the destination, e.g. `process.stdout` */
  constructor(stream: Writable) {
    this.stream = stream;
  }

  /**
   * Queues `line` (which must already end with `\n`).
   *
   * @returns a promise that resolves once the stream accepted the line (after `'drain'` when the
   * stream asked to wait) and rejects if the stream fails or closes first.
   */
  write(line: string): Promise<void> {
    const result = this.tail.then(() => this.writeNow(line));
    this.tail = result.then(ignore, ignore);
    return result;
  }

  /** Resolves once every queued line was handed to the stream and its write callback fired. */
  async flush(): Promise<void> {
    await this.tail;
    await Promise.all([...this.inFlight]);
  }

  private writeNow(line: string): Promise<void> {
    const stream = this.stream;
    if (stream.destroyed || stream.writableEnded) {
      return Promise.reject(new Error(`${ERROR_PREFIX} stdout is no longer writable; message not sent`));
    }
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error): void => {
        if (settled) return;
        settled = true;
        stream.off("drain", onDrain);
        stream.off("close", onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = (): void => settle();
      const onClose = (): void =>
        settle(new Error(`${ERROR_PREFIX} stdout closed before a message was written`));

      const written = new Promise<void>((done) => {
        const accepted = stream.write(line, (error) => {
          done();
          // Once settled, a late failure surfaces through the stream's 'error' event instead.
          if (error) settle(error);
        });
        if (accepted) {
          settle();
        } else if (!settled) {
          stream.on("drain", onDrain);
          stream.on("close", onClose);
        }
      });
      this.inFlight.add(written);
      void written.then(() => this.inFlight.delete(written));
    });
  }
}

function ignore(): void {}

import type { Writable } from "node:stream";
import { ERROR_PREFIX, WriteQueueOverflowError, WriteQueueStalledError } from "./errors.js";

/** Options of {@link LineWriter}. */
export interface LineWriterOptions {
  /**
   * Most bytes queued for a reader that does not keep up: lines waiting in this writer plus what
   * the stream itself buffers (`writableLength`). A line that would pass it abandons the writer
   * (see {@link LineWriter.abandon}); a line that finds nothing queued is always taken. Default:
   * no limit.
   */
  maxQueuedBytes?: number;
  /**
   * Longest a line may wait for the stream to drain: past it, the writer is abandoned with a
   * {@link WriteQueueStalledError}. Default: no limit.
   */
  maxStalledMs?: number;
  /**
   * Called once when a line would pass `maxQueuedBytes` (a `WriteQueueOverflowError`) or waited
   * longer than `maxStalledMs` (a `WriteQueueStalledError`), after the writer was abandoned.
   */
  onOverflow?: (error: WriteQueueOverflowError) => void;
}

/**
 * Writes whole lines to a stream one at a time, in call order, honouring backpressure: a line is
 * handed to the stream only after the previous one was accepted, and when `write()` returns
 * `false` the next line waits for `'drain'`. Each line is a single `write()` call, so lines are
 * never interleaved or split by this writer. With `maxQueuedBytes`, what waits for a reader that
 * stopped reading is bounded.
 *
 * @example
 * ```ts
 * const writer = new LineWriter(process.stdout, { maxQueuedBytes: 16 * 1024 * 1024 });
 * await writer.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
 * await writer.flush();
 * ```
 */
export class LineWriter {
  private readonly stream: Writable;
  private readonly maxQueuedBytes: number;
  private readonly maxStalledMs: number | undefined;
  private readonly onOverflow: ((error: WriteQueueOverflowError) => void) | undefined;
  /** Settles when the most recently queued line was accepted or failed; never rejects. */
  private tail: Promise<void> = Promise.resolve();
  /** One promise per line whose write callback has not fired yet; never rejects. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Bytes of the lines queued here and not yet handed to the stream. */
  private waitingBytes = 0;
  /** Set once abandoned: every queued and later line fails with it. */
  private failure: Error | undefined;
  /** Fails the line waiting for `'drain'`, if one is. */
  private failWaiting: ((error: Error) => void) | undefined;

  /**
   * @param stream - the destination, e.g. `process.stdout`
   * @param options - see {@link LineWriterOptions}
   */
  constructor(stream: Writable, options: LineWriterOptions = {}) {
    this.stream = stream;
    this.maxQueuedBytes = options.maxQueuedBytes ?? Number.POSITIVE_INFINITY;
    this.maxStalledMs = options.maxStalledMs;
    this.onOverflow = options.onOverflow;
  }

  /** Bytes queued for the reader: lines waiting here plus what the stream buffers. */
  get queuedBytes(): number {
    return this.waitingBytes + this.stream.writableLength;
  }

  /**
   * Queues `line` (which must already end with `\n`).
   *
   * @returns a promise that resolves once the stream accepted the line (after `'drain'` when the
   * stream asked to wait) and rejects if the stream fails or closes first, if the writer was
   * abandoned, or with a `WriteQueueOverflowError` if the line would pass `maxQueuedBytes`.
   */
  write(line: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const bytes = Buffer.byteLength(line);
    const queued = this.queuedBytes;
    if (queued > 0 && queued + bytes > this.maxQueuedBytes) {
      const error = new WriteQueueOverflowError(this.maxQueuedBytes, queued, bytes);
      this.overflow(error);
      return Promise.reject(error);
    }
    this.waitingBytes += bytes;
    const result = this.tail.then(() => {
      this.waitingBytes -= bytes;
      return this.writeNow(line);
    });
    this.tail = result.then(ignore, ignore);
    return result;
  }

  /**
   * Gives up on the stream: the line waiting for `'drain'` and every queued line fail with
   * `error`, later writes too, and {@link flush} no longer waits for the stream.
   */
  abandon(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.failWaiting?.(error);
  }

  private overflow(error: WriteQueueOverflowError): void {
    if (this.failure) return;
    this.abandon(error);
    this.onOverflow?.(error);
  }

  /**
   * Resolves once every queued line was handed to the stream and its write callback fired (at
   * once when abandoned: a stream nobody reads would never call back).
   */
  async flush(): Promise<void> {
    await this.tail;
    if (this.failure) return;
    await Promise.all([...this.inFlight]);
  }

  private writeNow(line: string): Promise<void> {
    const stream = this.stream;
    if (this.failure) return Promise.reject(this.failure);
    if (stream.destroyed || stream.writableEnded) {
      return Promise.reject(new Error(`${ERROR_PREFIX} stdout is no longer writable; message not sent`));
    }
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let stalled: NodeJS.Timeout | undefined;
      const settle = (error?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(stalled);
        this.failWaiting = undefined;
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
          this.failWaiting = settle;
          const maxStalledMs = this.maxStalledMs;
          if (maxStalledMs !== undefined) {
            stalled = setTimeout(
              () =>
                this.overflow(
                  new WriteQueueStalledError(maxStalledMs, this.queuedBytes, this.maxQueuedBytes),
                ),
              maxStalledMs,
            );
            stalled.unref();
          }
        }
      });
      this.inFlight.add(written);
      void written.then(() => this.inFlight.delete(written));
    });
  }
}

function ignore(): void {}

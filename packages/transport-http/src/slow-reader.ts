/** How long and how much a peer that does not keep up with what is sent to it may fall behind. */
export interface SlowReaderLimits {
  /**
   * Bytes that may wait for the peer. Passing it starts a clock: still above it after
   * `slowReaderTimeoutMs`, the peer is cut off. A burst sent in one go may queue up to
   * {@link BURST_FACTOR} times as much at once; past that the peer is cut off at once.
   */
  maxBufferedBytes: number;
  /** How long more than `maxBufferedBytes` may stay unread before the peer is cut off. */
  slowReaderTimeoutMs: number;
}

/** A burst may queue this many times `maxBufferedBytes` at once before the peer is cut off. */
export const BURST_FACTOR = 4;

/** The defaults of {@link SlowReaderLimits}: 4 MiB, 10 s. */
export const SLOW_READER_DEFAULTS: Readonly<SlowReaderLimits> = Object.freeze({
  maxBufferedBytes: 4 * 1024 * 1024,
  slowReaderTimeoutMs: 10_000,
});

/**
 * Watches what waits to be sent to one peer (an SSE response, a WebSocket) and cuts the peer off
 * when it stops reading: more than `maxBufferedBytes` still unread `slowReaderTimeoutMs` after the
 * backlog first passed it, or more than {@link BURST_FACTOR} × `maxBufferedBytes` at any moment. A
 * peer that reads keeps up with a burst larger than `maxBufferedBytes` (a component's flood of
 * notifications in one turn), so it is not cut off for one; memory stays bounded either way.
 *
 * @example
 * ```ts
 * const guard = new SlowReaderGuard(SLOW_READER_DEFAULTS, () => res.writableLength, (reason) => res.destroy(new Error(reason)));
 * if (guard.admit(text.length)) res.write(text);
 * ```
 */
export class SlowReaderGuard {
  private timer: NodeJS.Timeout | undefined;
  private cut = false;

  /**
   * @param limits - see {@link SlowReaderLimits}
   * @param queuedBytes - bytes waiting for the peer now
   * @param cutOff - called once, with the reason, when the peer is cut off
   */
  constructor(
    private readonly limits: SlowReaderLimits,
    private readonly queuedBytes: () => number,
    private readonly cutOff: (reason: string) => void,
  ) {}

  /** Whether the peer was cut off. */
  get isCutOff(): boolean {
    return this.cut;
  }

  /**
   * Decides whether `bytes` more may be queued now; false (after cutting the peer off) when the
   * backlog would pass the burst bound. When it passes `maxBufferedBytes`, the clock starts.
   */
  admit(bytes: number): boolean {
    if (this.cut) return false;
    const { maxBufferedBytes, slowReaderTimeoutMs } = this.limits;
    const queued = this.queuedBytes();
    if (queued > 0 && queued + bytes > maxBufferedBytes * BURST_FACTOR) {
      this.stop(
        `the peer is not reading: ${queued} bytes are unread and ${bytes} more would pass ${BURST_FACTOR} × maxBufferedBytes (${maxBufferedBytes})`,
      );
      return false;
    }
    if (queued + bytes > maxBufferedBytes && this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        const still = this.queuedBytes();
        if (still > maxBufferedBytes)
          this.stop(
            `the peer is not reading: ${still} bytes still unread after ${slowReaderTimeoutMs} ms over maxBufferedBytes (${maxBufferedBytes})`,
          );
      }, slowReaderTimeoutMs);
      this.timer.unref();
    }
    return true;
  }

  /** Stops watching (the peer went away). */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private stop(reason: string): void {
    if (this.cut) return;
    this.cut = true;
    this.dispose();
    this.cutOff(reason);
  }
}

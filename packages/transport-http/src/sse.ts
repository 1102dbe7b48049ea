import type { ServerResponse } from "node:http";
import { SlowReaderGuard, type SlowReaderLimits } from "./slow-reader.js";

/** Headers of every SSE response this package opens. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

/**
 * Formats one SSE `message` event carrying a serialized JSON-RPC message. JSON text never contains
 * a raw newline, so one `data:` line is always enough.
 *
 * @example
 * ```ts
 * sseEvent('{"jsonrpc":"2.0","method":"ping"}', "s1#4"); // "event: message\nid: s1#4\ndata: {...}\n\n"
 * ```
 */
export function sseEvent(json: string, id?: string): string {
  return id === undefined
    ? `event: message\ndata: ${json}\n\n`
    : `event: message\nid: ${id}\ndata: ${json}\n\n`;
}

/**
 * The priming event of a resumable stream: an event id (so the client holds a `Last-Event-ID`
 * cursor before any message) with empty data, and optionally the reconnection delay.
 *
 * @example
 * ```ts
 * primingEvent("s1#0", 1000); // "id: s1#0\nretry: 1000\ndata: \n\n"
 * ```
 */
export function primingEvent(id: string, retryMs?: number): string {
  return retryMs === undefined ? `id: ${id}\ndata: \n\n` : `id: ${id}\nretry: ${retryMs}\ndata: \n\n`;
}

/** An SSE comment line, ignored by clients; keeps idle connections open through proxies. */
export const KEEP_ALIVE_COMMENT = ": keepalive\n\n";

/**
 * One open SSE response. Writes go straight to the `ServerResponse`; a client that stops reading
 * is dropped (it may resume with `Last-Event-ID`) once more than `maxBufferedBytes` stayed unread
 * for `slowReaderTimeoutMs`, or a burst would queue more than 4 × `maxBufferedBytes` — so a slow
 * reader never makes the server queue without bound, and a reader that keeps up is not dropped
 * for a burst (see {@link SlowReaderGuard}).
 */
export class SseStream {
  /** `Date.now()` of the last write; the keep-alive ticker skips streams written to recently. */
  lastWrite = Date.now();
  private open = true;
  private readonly guard: SlowReaderGuard;

  /**
   * @param res - the response; its headers must not have been sent yet
   * @param limits - how far behind the client may fall before the stream is dropped
   * @param onClose - called once when the stream ends or the client goes away
   * @param headers - extra response headers (session id, CORS)
   * @param flush - send the headers now (a GET stream, whose client waits for them) rather than
   *   with the first event (a POST stream, one packet fewer per call)
   */
  constructor(
    readonly res: ServerResponse,
    limits: SlowReaderLimits,
    onClose: () => void,
    headers: Record<string, string>,
    flush: boolean,
  ) {
    res.writeHead(200, { ...SSE_HEADERS, ...headers });
    if (flush) res.flushHeaders();
    this.guard = new SlowReaderGuard(
      limits,
      () => res.writableLength,
      () => {
        this.open = false;
        res.destroy();
      },
    );
    res.once("close", () => {
      this.open = false;
      this.guard.dispose();
      onClose();
    });
  }

  /** Whether the client can still receive events on this stream. */
  get isOpen(): boolean {
    return this.open && !this.res.writableEnded;
  }

  /** Writes raw SSE text; returns false if the stream is closed (or was just dropped as too slow). */
  write(text: string): boolean {
    if (!this.isOpen || !this.guard.admit(Buffer.byteLength(text))) return false;
    this.lastWrite = Date.now();
    this.res.write(text);
    return true;
  }

  /**
   * Ends the response (all events written); the client sees the stream finish. `onWritten` is
   * called once its last byte has been handed to the connection — not if the client went away first.
   */
  end(onWritten?: () => void): void {
    if (this.res.writableEnded) return;
    this.open = false;
    this.res.end(onWritten);
  }
}

import process from "node:process";
import type { Readable, Writable } from "node:stream";
import { setImmediate as nextMacrotask } from "node:timers/promises";
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  ErrorCode,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import { ERROR_PREFIX, InvalidMessageError, oversizeDescription } from "./errors.js";
import { BATCH_REFUSAL, errorResponse, LineDecoder, parseMessage, serializeMessage } from "./framing.js";
import { LineWriter } from "./line-writer.js";

/**
 * Default `maxQueuedBytes`: 16 MiB — four of the largest messages the transport accepts
 * (`maxMessageBytes`, 4 MiB), queued for a client that reads more slowly than it asks.
 */
export const DEFAULT_MAX_QUEUED_BYTES = 16 * 1024 * 1024;

/** Default `maxStalledMs`: 60 s — a client that takes nothing from stdout for a minute is gone. */
export const DEFAULT_MAX_STALLED_MS = 60_000;

/**
 * Options for {@link StdioServerTransport}.
 *
 * @example
 * ```ts
 * import type { StdioServerTransportOptions } from "@wasi-mcp/transport-stdio";
 * const options: StdioServerTransportOptions = { maxMessageBytes: 1024 * 1024 };
 * ```
 */
export interface StdioServerTransportOptions {
  /** Where messages are read from. Default `process.stdin`. */
  stdin?: Readable;
  /** Where messages are written to. Default `process.stdout`. */
  stdout?: Writable;
  /** Largest accepted incoming message in bytes, excluding its newline. Default 4 MiB. */
  maxMessageBytes?: number;
  /**
   * Most bytes of outgoing messages queued for a client that does not read stdout (in the
   * transport and in stdout's own buffer). A message that would pass it closes the connection:
   * a `WriteQueueOverflowError` goes to `onerror`, the queued messages are dropped, `onclose`
   * follows. A message that finds nothing queued is always written. Default 16 MiB
   * ({@link DEFAULT_MAX_QUEUED_BYTES}).
   */
  maxQueuedBytes?: number;
  /**
   * Longest an outgoing message may wait for the client to read stdout (stdout's buffer full,
   * nothing taken): past it the connection closes as for `maxQueuedBytes`, with a
   * `WriteQueueStalledError`. Default 60 000 ({@link DEFAULT_MAX_STALLED_MS}).
   */
  maxStalledMs?: number;
}

/**
 * The MCP SDK `Transport` over newline-delimited JSON-RPC on a pair of byte streams (stdin and
 * stdout of the current process by default). It writes nothing but protocol lines to stdout.
 *
 * - Each complete incoming line is validated and delivered to `onmessage`.
 * - A line that is not JSON is reported to `onerror` and answered with a `-32700` error response
 *   (`id: null`); a JSON line that is not a JSON-RPC message is reported and, when it is a request
 *   with a recoverable `id`, answered with `-32600`; a JSON array (a batch, which MCP does not
 *   have) is answered with `-32600` (`id: null`).
 * - A message larger than `maxMessageBytes` is reported, answered with `-32600` (`id: null`) and
 *   skipped up to the next newline; later messages are processed normally.
 * - `send()` writes one line at a time in call order and waits for `'drain'` under backpressure.
 * - A client that stops reading stdout is cut off: past `maxQueuedBytes` queued, or a message
 *   waiting longer than `maxStalledMs`, the transport reports a `WriteQueueOverflowError` (a
 *   `WriteQueueStalledError` for the time bound) and closes.
 * - End of stdin closes the transport; `close()` flushes pending writes and calls `onclose` once.
 * - Stream errors (e.g. `EPIPE` on stdout) go to `onerror`, never to an uncaught exception.
 *
 * @example
 * ```ts
 * import { Server } from "@modelcontextprotocol/sdk/server/index.js";
 * import { StdioServerTransport } from "@wasi-mcp/transport-stdio";
 *
 * const server = new Server({ name: "demo", version: "1.0.0" }, { capabilities: {} });
 * await server.connect(new StdioServerTransport());
 * ```
 */
export class StdioServerTransport implements Transport {
  /** Called once when the transport has closed (after `close()` or end of stdin). */
  onclose?: () => void;
  /** Called for every non-fatal problem: invalid or oversize input, stream errors. */
  onerror?: (error: Error) => void;
  /** Called with each valid incoming JSON-RPC message. */
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  private readonly stdin: Readable;
  private readonly stdout: Writable;
  private readonly decoder: LineDecoder;
  private readonly writer: LineWriter;
  private started = false;
  private closing: Promise<void> | undefined;
  /** Errors already passed to `onerror`, so a write failure and its 'error' event report once. */
  private readonly reported = new WeakSet<Error>();

  /** @param options - see {@link StdioServerTransportOptions} */
  constructor(options: StdioServerTransportOptions = {}) {
    this.stdin = options.stdin ?? process.stdin;
    this.stdout = options.stdout ?? process.stdout;
    this.decoder = new LineDecoder({ maxMessageBytes: options.maxMessageBytes });
    const maxQueuedBytes = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    const maxStalledMs = options.maxStalledMs ?? DEFAULT_MAX_STALLED_MS;
    for (const [name, value] of Object.entries({ maxQueuedBytes, maxStalledMs })) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new RangeError(`${ERROR_PREFIX} ${name} must be a positive integer, got ${value}`);
      }
    }
    this.writer = new LineWriter(this.stdout, {
      maxQueuedBytes,
      maxStalledMs,
      onOverflow: (error) => {
        this.report(error);
        // The connection is given up: what stdout still buffers for a client that does not read
        // is dropped with it (it would otherwise stay, and fail later with nobody listening).
        this.stdout.destroy();
        this.close().catch((failure: unknown) => this.report(asError(failure)));
      },
    });
  }

  /**
   * Starts reading stdin. Called by `Server.connect()`; do not call it yourself in that case.
   *
   * @throws if the transport was already started or has been closed
   */
  async start(): Promise<void> {
    if (this.started) {
      throw new Error(
        `${ERROR_PREFIX} StdioServerTransport already started (Server.connect() calls start() itself)`,
      );
    }
    if (this.closing) throw new Error(`${ERROR_PREFIX} StdioServerTransport is closed and cannot restart`);
    this.started = true;
    this.stdout.on("error", this.handleStreamError);
    this.stdin.on("error", this.handleStreamError);
    this.stdin.on("end", this.handleEnd);
    this.stdin.on("close", this.handleEnd);
    this.stdin.on("data", this.handleData);
  }

  /**
   * Writes one message as a line. Sends are written in call order; the returned promise resolves
   * once stdout accepted the line, waiting for `'drain'` when stdout applies backpressure.
   *
   * @param message - the JSON-RPC message to send
   * @param _options - accepted for the `Transport` contract; stdio has no use for them
   * @throws (rejects) if the transport is closed or stdout fails before accepting the line
   */
  send(message: JSONRPCMessage, _options?: TransportSendOptions): Promise<void> {
    if (this.closing) {
      return Promise.reject(new Error(`${ERROR_PREFIX} transport is closed; message not sent`));
    }
    return this.writer.write(serializeMessage(message));
  }

  /**
   * Stops reading stdin, waits for pending writes to flush, then calls `onclose` (once, however
   * many times `close()` is called). stdin is paused if no other `'data'` listener remains.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    if (this.started) {
      this.stdin.off("data", this.handleData);
      this.stdin.off("end", this.handleEnd);
      this.stdin.off("close", this.handleEnd);
      this.stdin.off("error", this.handleStreamError);
      if (this.stdin.listenerCount("data") === 0) this.stdin.pause();
    }
    this.decoder.reset();
    await this.writer.flush();
    if (this.started) {
      // A failed write emits 'error' a tick after its callback; keep listening until it has.
      await nextMacrotask();
      this.stdout.off("error", this.handleStreamError);
    }
    this.onclose?.();
  }

  private readonly handleData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    for (const item of this.decoder.append(bytes)) {
      if (this.closing) return;
      if (item.kind === "line") {
        this.dispatch(item.line);
      } else if (item.kind === "not-utf8") {
        this.report(new Error(`${ERROR_PREFIX} dropped a line that is not valid UTF-8`));
        this.reply(null, ErrorCode.ParseError, "Parse error: the line is not valid UTF-8");
      } else {
        this.report(item.error);
        this.reply(null, item.error.code, oversizeDescription(item.error.limit));
      }
    }
  };

  private readonly handleEnd = (): void => {
    if (this.closing) return;
    const leftover = this.decoder.bufferedBytes;
    if (leftover > 0) {
      this.report(
        new Error(`${ERROR_PREFIX} stdin ended inside an unterminated message (${leftover} bytes dropped)`),
      );
    }
    this.close().catch((error: unknown) => this.report(asError(error)));
  };

  private readonly handleStreamError = (error: Error): void => {
    this.report(error);
  };

  private dispatch(line: string): void {
    let message: JSONRPCMessage;
    try {
      message = parseMessage(line);
    } catch (error) {
      this.report(asError(error));
      if (error instanceof InvalidMessageError) {
        if (error.code === ErrorCode.ParseError) this.reply(null, ErrorCode.ParseError, "Parse error");
        else if (error.requestId === null) this.reply(null, error.code, BATCH_REFUSAL);
        else if (error.requestId !== undefined) this.reply(error.requestId, error.code, "Invalid Request");
      }
      return;
    }
    try {
      this.onmessage?.(message);
    } catch (error) {
      this.report(asError(error));
    }
  }

  /** Queues a JSON-RPC error response behind any pending sends. */
  private reply(id: RequestId | null, code: number, message: string): void {
    this.writer
      .write(serializeMessage(errorResponse(id, code, message)))
      .catch((error: unknown) => this.report(asError(error)));
  }

  private report(error: Error): void {
    if (this.reported.has(error)) return;
    this.reported.add(error);
    this.onerror?.(error);
  }
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(`${ERROR_PREFIX} ${String(value)}`);
}

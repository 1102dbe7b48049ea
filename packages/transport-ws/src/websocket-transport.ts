import type { IncomingHttpHeaders } from "node:http";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import { SLOW_READER_DEFAULTS, SlowReaderGuard } from "@wasi-mcp/transport-http";
import WebSocket from "ws";
import { CLOSE_CODES, ERROR_PREFIX } from "./errors.js";
import { decodeFrame } from "./framing.js";

/** Default bytes that may wait to be sent to a peer that does not read: 4 MiB. */
export const DEFAULT_MAX_BUFFERED_BYTES = SLOW_READER_DEFAULTS.maxBufferedBytes;

/** Options of {@link WebSocketTransport}. */
export interface WebSocketTransportOptions {
  /**
   * Bytes allowed to wait in the send buffer: still above this after `slowReaderTimeoutMs`, or
   * above 4 × this at once, the socket is closed with 1008. Default 4 MiB.
   */
  maxBufferedBytes?: number;
  /** How long the send buffer may stay above `maxBufferedBytes` before the socket is closed. Default 10 000 ms. */
  slowReaderTimeoutMs?: number;
  /** Headers of the upgrade request, handed to handlers as `extra.requestInfo`. */
  requestHeaders?: IncomingHttpHeaders;
  /** What the server's `authenticate` returned, handed to handlers as `extra.authInfo`. */
  authInfo?: AuthInfo;
  /** The session id reported to the SDK (one connection is one session). */
  sessionId?: string;
  /**
   * Hand frames that arrive in the same tick to `onmessage` one macrotask apart. The SDK's
   * `Protocol` handles a response synchronously but notifications a microtask later, so progress
   * notifications that share a TCP read with their response would reach a `Client` after the
   * request is settled and be dropped. The client transport turns this on. Default false.
   */
  yieldBetweenMessages?: boolean;
}

/**
 * The SDK `Transport` over one open `ws` WebSocket, either side: one JSON-RPC message per text
 * frame. Frames that arrive before `start()` are kept and delivered on start, so a server factory
 * may take its time. A peer that stops reading is disconnected (1008) instead of queueing without
 * bound; a binary frame closes the socket with 1003; an invalid message is answered with a
 * JSON-RPC error and the connection stays up.
 *
 * @example
 * ```ts
 * import { WebSocketTransport } from "@wasi-mcp/transport-ws";
 * wss.on("connection", (ws) => createMcpServer(backend).connect(new WebSocketTransport(ws)));
 * ```
 */
export class WebSocketTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;
  readonly sessionId: string | undefined;

  /** The close code the socket ended with (undefined while open). */
  closeCode: number | undefined;
  private readonly slowReader: SlowReaderGuard;
  private readonly extra: MessageExtraInfo | undefined;
  private early: JSONRPCMessage[] = [];
  private readonly yieldBetween: boolean;
  private readonly queue: JSONRPCMessage[] = [];
  private draining = false;
  private started = false;
  private closedOnce = false;

  /**
   * @param socket - an open `ws` WebSocket
   * @param options - see {@link WebSocketTransportOptions}
   */
  constructor(
    readonly socket: WebSocket,
    options: WebSocketTransportOptions = {},
  ) {
    this.slowReader = new SlowReaderGuard(
      {
        maxBufferedBytes: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
        slowReaderTimeoutMs: options.slowReaderTimeoutMs ?? SLOW_READER_DEFAULTS.slowReaderTimeoutMs,
      },
      () => socket.bufferedAmount,
      (reason) => {
        this.onerror?.(new Error(`${ERROR_PREFIX} ${reason}; closed`));
        socket.close(CLOSE_CODES.policyViolation, "send buffer limit exceeded: peer is not reading");
      },
    );
    this.sessionId = options.sessionId;
    this.yieldBetween = options.yieldBetweenMessages ?? false;
    const extra: MessageExtraInfo = {};
    if (options.requestHeaders) extra.requestInfo = { headers: options.requestHeaders };
    if (options.authInfo) extra.authInfo = options.authInfo;
    this.extra = Object.keys(extra).length > 0 ? extra : undefined;
    socket.on("message", this.handleFrame);
    socket.once("close", this.handleClose);
    socket.on("error", (error) => this.onerror?.(error));
  }

  async start(): Promise<void> {
    if (this.started) throw new Error(`${ERROR_PREFIX} transport already started`);
    this.started = true;
    if (this.closedOnce) {
      // The peer left before the server connected: tell the server now.
      this.onclose?.();
      return;
    }
    const early = this.early;
    this.early = [];
    for (const message of early) {
      if (this.yieldBetween) this.enqueue(message);
      else this.deliver(message);
    }
  }

  /**
   * Sends one message as a text frame.
   *
   * @throws (rejects) when the socket is not open, or when the peer is not reading (more than
   *   `maxBufferedBytes` unread for `slowReaderTimeoutMs`, or 4 × as much at once; the socket is
   *   then closed with 1008)
   */
  async send(message: JSONRPCMessage, _options?: TransportSendOptions): Promise<void> {
    if (this.socket.readyState !== WebSocket.OPEN) {
      throw new Error(`${ERROR_PREFIX} socket is not open; message not sent`);
    }
    const text = JSON.stringify(message);
    if (!this.slowReader.admit(Buffer.byteLength(text))) {
      throw new Error(
        `${ERROR_PREFIX} peer is not reading (${this.socket.bufferedAmount} bytes queued); closed`,
      );
    }
    this.socket.send(text);
  }

  /** Closes the socket with 1000 and calls `onclose` once. */
  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(CLOSE_CODES.normal, "closed");
    }
    this.finish(this.closeCode ?? CLOSE_CODES.normal);
  }

  private readonly handleFrame = (data: WebSocket.RawData, isBinary: boolean): void => {
    if (isBinary) {
      this.socket.close(CLOSE_CODES.unsupportedData, "binary frames are not MCP messages");
      return;
    }
    const decoded = decodeFrame(data.toString());
    if (!decoded.ok) {
      this.onerror?.(new Error(`${ERROR_PREFIX} received ${decoded.reason}`));
      if (decoded.reply && this.socket.readyState === WebSocket.OPEN)
        this.socket.send(JSON.stringify(decoded.reply));
      return;
    }
    if (!this.started) this.early.push(decoded.message);
    else if (!this.yieldBetween) this.deliver(decoded.message);
    else this.enqueue(decoded.message);
  };

  private enqueue(message: JSONRPCMessage): void {
    if (!this.draining) {
      this.draining = true;
      this.deliver(message);
      setImmediate(this.drain);
      return;
    }
    this.queue.push(message);
  }

  private readonly drain = (): void => {
    const next = this.queue.shift();
    if (next === undefined) {
      this.draining = false;
      return;
    }
    if (!this.closedOnce) this.deliver(next);
    setImmediate(this.drain);
  };

  private deliver(message: JSONRPCMessage): void {
    try {
      this.onmessage?.(message, this.extra);
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private readonly handleClose = (code: number): void => {
    this.finish(code);
  };

  private finish(code: number): void {
    if (this.closedOnce) return;
    this.closedOnce = true;
    this.closeCode = code;
    this.slowReader.dispose();
    this.early = [];
    if (this.started) this.onclose?.();
  }
}

import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import WebSocket from "ws";
import { CLOSE_CODES, ERROR_PREFIX } from "./errors.js";
import { SUBPROTOCOL } from "./framing.js";
import { WebSocketTransport } from "./websocket-transport.js";

/** Options of {@link WebSocketClientTransport}. */
export interface WebSocketClientTransportOptions {
  /** Extra headers of the upgrade request, e.g. `{ authorization: "Bearer …" }`. */
  headers?: Record<string, string>;
  /** Largest accepted frame from the server, in bytes. Default 4 MiB. */
  maxPayload?: number;
  /** Bytes that may wait to be sent before the connection is given up. Default 4 MiB. */
  maxBufferedBytes?: number;
}

/**
 * A client `Transport` for the SDK `Client` over WebSocket (subprotocol `mcp`, one JSON-RPC
 * message per text frame), on the `ws` package so it can send headers such as `Authorization`.
 * A refused upgrade rejects `start()` with the HTTP status; a close with any code other than 1000
 * is reported to `onerror` with its code and reason before `onclose`.
 *
 * @example
 * ```ts
 * import { Client } from "@modelcontextprotocol/sdk/client/index.js";
 * import { WebSocketClientTransport } from "@wasi-mcp/transport-ws";
 * const client = new Client({ name: "me", version: "1.0.0" });
 * await client.connect(new WebSocketClientTransport(new URL("ws://127.0.0.1:3001/ws")));
 * console.log(await client.listTools());
 * ```
 */
export class WebSocketClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  private inner: WebSocketTransport | undefined;

  /**
   * @param url - the server endpoint, `ws://` or `wss://`
   * @param options - see {@link WebSocketClientTransportOptions}
   */
  constructor(
    readonly url: URL,
    private readonly options: WebSocketClientTransportOptions = {},
  ) {}

  /** The close code of the connection, once closed. */
  get closeCode(): number | undefined {
    return this.inner?.closeCode;
  }

  /** Opens the connection; rejects if the server refuses the upgrade or the subprotocol. */
  async start(): Promise<void> {
    if (this.inner) throw new Error(`${ERROR_PREFIX} transport already started`);
    const ws = new WebSocket(this.url, [SUBPROTOCOL], {
      headers: this.options.headers,
      maxPayload: this.options.maxPayload ?? 4 * 1024 * 1024,
      perMessageDeflate: false,
    });
    const inner = new WebSocketTransport(ws, {
      maxBufferedBytes: this.options.maxBufferedBytes,
      yieldBetweenMessages: true,
    });
    this.inner = inner;
    inner.onmessage = (message, extra) => this.onmessage?.(message, extra);
    inner.onerror = (error) => this.onerror?.(error);
    await opened(ws, this.url);
    ws.on("close", (code, reason) => {
      if (code !== CLOSE_CODES.normal) {
        this.onerror?.(
          new Error(
            `${ERROR_PREFIX} connection closed with code ${code}: ${reason.toString() || "no reason"}`,
          ),
        );
      }
    });
    inner.onclose = () => this.onclose?.();
    await inner.start();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (!this.inner) throw new Error(`${ERROR_PREFIX} transport not started`);
    return this.inner.send(message, options);
  }

  async close(): Promise<void> {
    await this.inner?.close();
  }
}

function opened(ws: WebSocket, url: URL): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      ws.terminate();
      reject(error);
    };
    ws.once("open", () => {
      ws.off("error", fail);
      if (ws.protocol !== SUBPROTOCOL) {
        fail(new Error(`${ERROR_PREFIX} ${url.href} did not accept the "${SUBPROTOCOL}" subprotocol`));
        return;
      }
      resolve();
    });
    ws.once("error", fail);
    ws.once("unexpected-response", (_req, res) => {
      fail(new Error(`${ERROR_PREFIX} ${url.href} refused the WebSocket upgrade: HTTP ${res.statusCode}`));
    });
  });
}

import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type JSONRPCMessage, JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";

/** The one non-JSON-RPC message on the port: the other end closed. */
const CLOSE = "wasi-mcp/close";

/** A `MessagePort`-like endpoint: a `MessagePort`, a `Worker`, or a window's channel port. */
export interface PortLike {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  removeEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  start?(): void;
  close?(): void;
}

/**
 * The MCP SDK's `Transport` over a `MessagePort` (or anything port-like): JSON-RPC messages are
 * posted as structured-cloned objects, one per message, validated on arrival. Either end may be a
 * client or a server; `close()` tells the other end, which closes too.
 *
 * @example
 * ```ts
 * const { port1, port2 } = new MessageChannel();
 * await server.connect(new MessagePortTransport(port1));
 * await new Client({ name: "page", version: "1.0.0" }).connect(new MessagePortTransport(port2));
 * ```
 */
export class MessagePortTransport implements Transport {
  readonly #port: PortLike;
  #started = false;
  #closed = false;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  constructor(port: PortLike) {
    this.#port = port;
  }

  /** Starts delivering the port's messages. */
  async start(): Promise<void> {
    if (this.#started) throw new Error("[@wasi-mcp/host-browser] MessagePortTransport already started");
    this.#started = true;
    this.#port.addEventListener("message", this.#receive);
    this.#port.start?.();
  }

  /** Posts one JSON-RPC message. */
  async send(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) throw new Error("[@wasi-mcp/host-browser] MessagePortTransport is closed");
    this.#port.postMessage(message);
  }

  /** Tells the other end, stops listening and closes the port. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#port.postMessage({ [CLOSE]: true });
    this.#shut();
  }

  readonly #receive = (event: MessageEvent) => {
    const data: unknown = event.data;
    if (typeof data === "object" && data !== null && CLOSE in data) return this.#shut();
    const parsed = JSONRPCMessageSchema.safeParse(data);
    if (!parsed.success) {
      this.onerror?.(new Error(`[@wasi-mcp/host-browser] not a JSON-RPC message: ${parsed.error.message}`));
      return;
    }
    this.onmessage?.(parsed.data);
  };

  #shut(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#port.removeEventListener("message", this.#receive);
    this.#port.close?.();
    this.onclose?.();
  }
}

import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import { asError } from "../shared/as-error.js";
import { withoutSdkErrorPrefix } from "../shared/errors.js";
import type { Screening } from "../shared/message-guard.js";

/**
 * A pass-through {@link Transport} that screens each incoming message before the SDK's `Protocol`
 * sees it, answering the ones the guard rejects itself, and sends error responses without the SDK's
 * `MCP error <code>: ` message prefix. Callbacks the caller set on the wrapped
 * transport before connecting (a session table's `onclose`, say) keep being called.
 */
export class GuardedTransport implements Transport {
  readonly #inner: Transport;
  readonly #screen: (message: unknown) => Screening;
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: (<T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void) | undefined;

  constructor(inner: Transport, screen: (message: unknown) => Screening) {
    this.#inner = inner;
    this.#screen = screen;
    const previous = { onclose: inner.onclose, onerror: inner.onerror, onmessage: inner.onmessage };
    inner.onclose = () => {
      previous.onclose?.();
      this.onclose?.();
    };
    inner.onerror = (error) => {
      previous.onerror?.(error);
      this.onerror?.(error);
    };
    inner.onmessage = (message, extra) => {
      previous.onmessage?.(message, extra);
      this.#receive(message, extra);
    };
  }

  get sessionId(): string | undefined {
    return this.#inner.sessionId;
  }

  start(): Promise<void> {
    return this.#inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.#inner.send(withoutSdkErrorPrefix(message), options);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  setProtocolVersion(version: string): void {
    this.#inner.setProtocolVersion?.(version);
  }

  #receive(message: unknown, extra: MessageExtraInfo | undefined): void {
    const screening = this.#screen(message);
    if (screening.action === "forward") {
      this.onmessage?.(screening.message, extra);
    } else if (screening.action === "reply") {
      this.#inner.send(screening.response).catch((error: unknown) => this.onerror?.(asError(error)));
    } else {
      this.onerror?.(new Error(`[@wasi-mcp/router] dropped ${screening.reason}`));
    }
  }
}

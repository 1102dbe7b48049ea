import type { JSONRPCMessage, ServerCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { Server as ModernServer } from "@modelcontextprotocol/server";
import type { ModernChildMux, MuxExchange } from "./modern-child-mux.js";

/** The transport the SDK's `createMcpHandler` connects an instance to (one per request). */
type ExchangeTransport = Parameters<ModernServer["connect"]>[0];

/**
 * The "server" of one MCP 2026-07-28 HTTP request on the bridge: it answers nothing itself and
 * relays the request to the bridge's shared 2026 stdio server ({@link ModernChildMux}), and
 * everything that server sends back for it onto the request's response (JSON, or the SSE stream
 * with its notifications). The HTTP rules of 2026 (standard headers, `Mcp-Param-*`, the
 * validation ladder) are the SDK's `createMcpHandler`, as on `mcp-compositor --transport http`.
 * It extends the SDK v2 `Server` only because that entry hands out such servers; none of
 * `Server`'s protocol handling runs. Its capabilities are the stdio server's, which the entry's
 * `subscriptions/listen` streams honour.
 *
 * A relayed error answer keeps the HTTP status the 2026 rules give the stdio server's own
 * rejection of the request (404 for `-32601`, 400 for `-32021`, `-32020`, …): the SDK's entry maps a
 * code to its status only for an answer produced while it dispatches the request, and a relayed
 * answer comes later (see {@link sendAsDispatchAnswer}).
 *
 * @example
 * ```ts
 * createHttpServer({
 *   createServer,
 *   createModernServer: async () => new ModernStdioRelayServer(mux, await mux.capabilities()),
 * });
 * ```
 */
export class ModernStdioRelayServer extends ModernServer {
  private exchange: ExchangeTransport | undefined;
  private relay: MuxExchange | undefined;
  private closing: Promise<void> | undefined;

  /**
   * @param mux - the bridge's shared 2026 stdio server
   * @param capabilities - what that server advertises (`ModernChildMux.capabilities`)
   */
  constructor(
    private readonly mux: ModernChildMux,
    capabilities: ServerCapabilities = {},
  ) {
    super(
      { name: "wasi-mcp-stdio-bridge", version: "0.0.0" },
      {
        capabilities: capabilities as NonNullable<
          ConstructorParameters<typeof ModernServer>[1]
        >["capabilities"],
      },
    );
  }

  override async connect(transport: ExchangeTransport): Promise<void> {
    this.exchange = transport;
    let requestId: string | number | undefined;
    const relay = this.mux.open((message) => {
      const options = requestId === undefined ? {} : { relatedRequestId: requestId };
      const sent =
        "error" in message
          ? sendAsDispatchAnswer(transport, message, options)
          : transport.send(message as Parameters<ExchangeTransport["send"]>[0], options);
      sent.catch((error: unknown) =>
        transport.onerror?.(error instanceof Error ? error : new Error(String(error))),
      );
    });
    this.relay = relay;
    transport.onmessage = (message) => {
      if ("method" in message && "id" in message) requestId = message.id;
      relay.send(message as JSONRPCMessage);
    };
    transport.onclose = () => void this.close();
    await transport.start();
  }

  /** Stops relaying and ends the exchange (the shared stdio server keeps serving). Idempotent. */
  override close(): Promise<void> {
    this.closing ??= (async () => {
      this.relay?.close();
      await this.exchange?.close().catch(() => undefined);
      this.onclose?.();
    })();
    return this.closing;
  }
}

/** What {@link sendAsDispatchAnswer} needs of the SDK's `PerRequestHTTPServerTransport`. */
interface DispatchWindow {
  /** SDK 2.4.0: true while the transport delivers the request, which is when ladder errors are sent. */
  _dispatchWindowOpen?: unknown;
}

/**
 * Sends the stdio server's error answer as the SDK's per-request transport sends an error of its
 * own validation ladder: it maps the code to the HTTP status of the 2026 rules (its table: 404 for
 * `-32601`, 400 for `-32700`, `-32600`, `-32020`, `-32021`, `-32022`; other codes stay 200), which it
 * does only inside its dispatch window, a synchronous moment long over when a relayed answer
 * arrives. The window is a field of the pinned SDK (2.4.0); without it the answer goes as any other
 * (200), and the bridge's tests say so. A handler's own `-32601` relayed this way goes out 404
 * where `mcp-compositor --transport http` sends it 200 (the stdio wire does not say which
 * produced it).
 */
export function sendAsDispatchAnswer(
  transport: ExchangeTransport,
  message: JSONRPCMessage,
  options: { relatedRequestId?: string | number },
): Promise<void> {
  const window = transport as ExchangeTransport & DispatchWindow;
  const send = () => transport.send(message as Parameters<ExchangeTransport["send"]>[0], options);
  if (typeof window._dispatchWindowOpen !== "boolean") return send();
  window._dispatchWindowOpen = true;
  try {
    // The status is chosen synchronously, before send's first await.
    return send();
  } finally {
    window._dispatchWindowOpen = false;
  }
}

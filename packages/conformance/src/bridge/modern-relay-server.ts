import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
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
 * `Server`'s protocol handling runs.
 *
 * @example
 * ```ts
 * createHttpServer({ createServer, createModernServer: () => new ModernStdioRelayServer(mux) });
 * ```
 */
export class ModernStdioRelayServer extends ModernServer {
  private exchange: ExchangeTransport | undefined;
  private relay: MuxExchange | undefined;
  private closing: Promise<void> | undefined;

  /** @param mux - the bridge's shared 2026 stdio server */
  constructor(private readonly mux: ModernChildMux) {
    super({ name: "wasi-mcp-stdio-bridge", version: "0.0.0" }, { capabilities: {} });
  }

  override async connect(transport: ExchangeTransport): Promise<void> {
    this.exchange = transport;
    let requestId: string | number | undefined;
    const relay = this.mux.open((message) => {
      transport
        .send(message as Parameters<ExchangeTransport["send"]>[0], {
          ...(requestId === undefined ? {} : { relatedRequestId: requestId }),
        })
        .catch((error: unknown) =>
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

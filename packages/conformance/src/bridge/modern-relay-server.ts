import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import { Server as ModernServer } from "@modelcontextprotocol/server";
import type { StdioChild } from "./child-pool.js";

const PREFIX = "[@wasi-mcp/conformance-harness]";

/** The transport the SDK's `createMcpHandler` connects an instance to (one per request). */
type ExchangeTransport = Parameters<ModernServer["connect"]>[0];

/**
 * The "server" of one MCP 2026-07-28 HTTP request on the bridge: it answers nothing itself and
 * relays the request, unchanged, to a stdio server process of its own — the request carries the
 * 2026 `_meta` envelope, so it is the opening message that pins that process to the 2026 era —
 * and relays everything the process sends back onto that request's response (JSON, or the SSE
 * stream with its notifications). The HTTP rules of 2026 (standard headers, `Mcp-Param-*`, the
 * validation ladder) are the SDK's `createMcpHandler`, as on `mcp-compositor --transport http`.
 * It extends the SDK v2 `Server` only because that entry hands out such servers; none of
 * `Server`'s protocol handling runs. A 2026 request is stateless, so one process per request
 * loses nothing but time.
 *
 * @example
 * ```ts
 * createHttpServer({ createServer, createModernServer: async () => new ModernStdioRelayServer(await pool.take(), report) });
 * ```
 */
export class ModernStdioRelayServer extends ModernServer {
  private exchange: ExchangeTransport | undefined;
  private closing: Promise<void> | undefined;

  /**
   * @param child - the started stdio server of this request
   * @param onError - receives relay failures (with the tail of the child's stderr)
   */
  constructor(
    private readonly child: StdioChild,
    private readonly onError: (error: Error) => void,
  ) {
    super({ name: "wasi-mcp-stdio-bridge", version: "0.0.0" }, { capabilities: {} });
  }

  override async connect(transport: ExchangeTransport): Promise<void> {
    this.exchange = transport;
    let requestId: RequestId | undefined;
    transport.onmessage = (message) => {
      if ("method" in message && "id" in message) requestId = message.id;
      this.child.transport
        .send(message as JSONRPCMessage)
        .catch((error: unknown) => this.fail("to the stdio server", error));
    };
    transport.onclose = () => void this.close();
    transport.onerror = (error) => this.onError(error);
    this.child.transport.onmessage = (message) => {
      transport
        .send(message as Parameters<ExchangeTransport["send"]>[0], {
          ...(requestId === undefined ? {} : { relatedRequestId: requestId }),
        })
        .catch((error: unknown) => this.fail("to the HTTP client", error));
    };
    this.child.transport.onerror = (error) => this.fail("from the stdio server", error);
    this.child.transport.onclose = () => void this.close();
    await transport.start();
  }

  /** Ends the stdio server (its stdin closes, so it exits) and the exchange. Idempotent. */
  override close(): Promise<void> {
    this.closing ??= (async () => {
      await this.child.transport.close().catch(() => undefined);
      await this.exchange?.close().catch(() => undefined);
      this.onclose?.();
    })();
    return this.closing;
  }

  private fail(where: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const tail = this.child.stderr.tail();
    this.onError(new Error(`${PREFIX} relaying ${where}: ${message}${tail ? `\n${tail}` : ""}`));
  }
}

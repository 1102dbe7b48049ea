import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { StdioChild } from "./child-pool.js";
import { RequestRelation } from "./relation.js";

const PREFIX = "[@wasi-mcp/conformance-harness]";

/**
 * The "server" of one bridged HTTP session: it answers nothing itself and relays every JSON-RPC
 * message, unchanged, between the session's transport and one stdio server process — so what the
 * HTTP client sees (initialize result included) is exactly what the stdio server said. Messages
 * from the stdio server are put on the SSE stream of the request they relate to
 * ({@link RequestRelation}). It extends the SDK `Server` only because the HTTP transport's
 * session factory hands out SDK servers; none of `Server`'s protocol handling runs.
 *
 * @example
 * ```ts
 * const http = await createHttpServer({ createServer: async () => new StdioRelayServer(await pool.take()) });
 * ```
 */
export class StdioRelayServer extends Server {
  private session: Transport | undefined;
  private closing: Promise<void> | undefined;

  /**
   * @param child - the started stdio server of this session
   * @param onError - receives relay failures (with the tail of the child's stderr)
   */
  constructor(
    private readonly child: StdioChild,
    private readonly onError: (error: Error) => void,
  ) {
    super({ name: "wasi-mcp-stdio-bridge", version: "0.0.0" });
  }

  override async connect(transport: Transport): Promise<void> {
    const relation = new RequestRelation();
    const { onclose, onerror } = transport;
    this.session = transport;
    transport.onmessage = (message: JSONRPCMessage) => {
      relation.fromClient(message);
      this.child.transport.send(message).catch((error: unknown) => this.fail("to the stdio server", error));
    };
    transport.onclose = () => {
      onclose?.();
      void this.close();
    };
    transport.onerror = (error) => (onerror ?? this.onError)(error);
    this.child.transport.onmessage = (message) => {
      const relatedRequestId = relation.fromServer(message);
      transport
        .send(message, relatedRequestId === undefined ? undefined : { relatedRequestId })
        .catch((error: unknown) => this.fail("to the HTTP client", error));
    };
    this.child.transport.onerror = (error) => this.fail("from the stdio server", error);
    this.child.transport.onclose = () => void this.close();
    await transport.start();
  }

  /** Ends the stdio server (its stdin closes, so it exits) and the HTTP session. Idempotent. */
  override close(): Promise<void> {
    this.closing ??= (async () => {
      await this.child.transport.close().catch(() => undefined);
      await this.session?.close().catch(() => undefined);
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

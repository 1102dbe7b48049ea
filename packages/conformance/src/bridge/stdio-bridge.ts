import { InMemoryServerEventBus } from "@modelcontextprotocol/server";
import { endpointOfFactories } from "@wasi-mcp/router";
import { createHttpServer, type McpHttpServer } from "@wasi-mcp/transport-http";
import { ChildPool, type StdioCommand } from "./child-pool.js";
import { ModernChildMux } from "./modern-child-mux.js";
import { ModernStdioRelayServer } from "./modern-relay-server.js";
import { StdioRelayServer } from "./relay-server.js";

/** Options of {@link createStdioBridge}. */
export interface StdioBridgeOptions extends StdioCommand {
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Endpoint path. Default `/mcp`. */
  path?: string;
  /** Stdio servers started ahead of the sessions that will take them. Default 1. */
  spares?: number;
  /**
   * A session with no request and no open stream for this long is closed, and its stdio server
   * with it. Default 5 s: the conformance suite never ends its sessions, and each one holds a
   * whole server process.
   */
  sessionIdleTimeoutMs?: number;
  /** Receives relay failures. Default: stderr. */
  onError?: (error: Error) => void;
}

/** A listening stdio→HTTP bridge. */
export interface StdioBridge {
  /** The Streamable HTTP endpoint, e.g. `http://127.0.0.1:PORT/mcp`. */
  readonly url: URL;
  /** Live bridged sessions (one stdio server process each). */
  readonly sessionCount: number;
  /** Ends every session and its server process, and the spares; stops listening. */
  close(): Promise<void>;
}

/**
 * Serves a stdio MCP server over Streamable HTTP, in both protocol eras: every 2025-11-25 HTTP
 * session starts its own stdio server process (`command args…`), and one more process, started
 * with the bridge (so that no judged request waits for it), serves every (stateless) 2026-07-28
 * request; the bridge relays JSON-RPC between them (2026 request ids and
 * progress tokens renamed so concurrent requests cannot collide). The first message a process
 * reads pins its era, as on any stdio connection. HTTP is ours
 * (`@wasi-mcp/transport-http`, the same wire `mcp-compositor --transport http` serves), so an
 * HTTP-only judge such as the MCP conformance suite can judge a stdio server.
 *
 * @example
 * ```ts
 * const bridge = await createStdioBridge({
 *   command: process.execPath,
 *   args: ["examples/mcp-compositor/dist/cli.js", "serve", "examples/components/everything/dist/everything.wasm"],
 * });
 * console.error(`bridged stdio server at ${bridge.url}`);
 * await bridge.close();
 * ```
 */
export async function createStdioBridge(options: StdioBridgeOptions): Promise<StdioBridge> {
  const { host, port, path, spares = 1, sessionIdleTimeoutMs = 5_000, onError, ...command } = options;
  const report = onError ?? ((error: Error) => process.stderr.write(`${error.message}\n`));
  const pool = new ChildPool(command, spares);
  // The list changes of the shared 2026 stdio server, for every client's subscriptions/listen.
  const events = new InMemoryServerEventBus((error) => report(error));
  const modern = new ModernChildMux(pool, report, events);
  let http: McpHttpServer | undefined;
  let served: McpHttpServer;
  try {
    http = await createHttpServer({
      ...(host === undefined ? {} : { host }),
      ...(port === undefined ? {} : { port }),
      ...(path === undefined ? {} : { path }),
      sessionIdleTimeoutMs,
      onError: report,
      endpoint: endpointOfFactories({
        onError: report,
        createServer: async () => new StdioRelayServer(await pool.take(), report),
        createModernServer: async () => new ModernStdioRelayServer(modern, await modern.capabilities()),
        eventBus: events,
        // The `Mcp-Param-*` headers of a 2026 tools/call are checked against the stdio server's
        // own schemas, as the compositor's HTTP entry checks them against its components'.
        toolInputSchema: (name) => modern.toolInputSchema(name),
      }),
    });
    // The shared 2026 server starts now, not inside the first 2026 request a judge times: its
    // component loads, and so does the spare that replaces it in the pool.
    await modern.capabilities();
    served = http;
  } catch (error) {
    await modern.close();
    await pool.close();
    await http?.close();
    throw error;
  }
  return {
    url: served.url,
    get sessionCount() {
      return served.handler.sessionCount;
    },
    async close() {
      await modern.close();
      await pool.close();
      await served.close();
    },
  };
}

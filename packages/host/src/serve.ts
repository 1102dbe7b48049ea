import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { createMcpServer, type InternalErrorReporter } from "@wasi-mcp/router";
import { StdioServerTransport, type StdioServerTransportOptions } from "@wasi-mcp/transport-stdio";
import type { LoadedComponent } from "./load-component.js";

/** Options of {@link serveStdio}. */
export interface ServeStdioOptions extends StdioServerTransportOptions {
  /** Receives errors hidden from the client as internal errors. Default: stderr. */
  onInternalError?: InternalErrorReporter;
}

/** A running server; `closed` settles when the client goes away (stdin EOF) or `close()` is called. */
export interface RunningServer {
  /** The SDK server answering the client. */
  server: Server;
  /** Settles when the connection has closed. */
  closed: Promise<void>;
  /** Closes the connection. */
  close(): Promise<void>;
}

/**
 * Serves a loaded component over stdio: newline-delimited JSON-RPC on stdin/stdout, nothing else
 * on stdout.
 *
 * @example
 * ```ts
 * const running = await serveStdio(await loadComponent("hello.wasm"));
 * await running.closed;
 * ```
 */
export async function serveStdio(
  component: LoadedComponent,
  options: ServeStdioOptions = {},
): Promise<RunningServer> {
  const { onInternalError, ...transportOptions } = options;
  const server = createMcpServer(component.backend, onInternalError ? { onInternalError } : {});
  const transport = new StdioServerTransport(transportOptions);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  await server.connect(transport);
  return { server, closed, close: () => server.close() };
}

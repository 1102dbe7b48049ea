import { createMcpEndpoint, type McpBackend, type McpEndpoint } from "@wasi-mcp/router";
import { type RunningServer, type ServeStdioOptions, serveStdio } from "./serve.js";

/** Where {@link serve} listens, for the network transports. */
export interface ServeNetworkOptions {
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (the default) picks a free one. */
  port?: number;
  /** Path of the endpoint. Default `/mcp` (HTTP), `/ws` (WebSocket). */
  path?: string;
  /** The endpoint to serve; default: `createMcpEndpoint(component.backend)`, closed with the server. */
  endpoint?: McpEndpoint;
}

/** Options of {@link serve}: the transport, and that transport's options. */
export type ServeOptions =
  | ({ transport?: "stdio" } & ServeStdioOptions)
  | ({ transport: "http" } & ServeNetworkOptions)
  | ({ transport: "ws" } & ServeNetworkOptions);

/** A running server; network transports also say where. */
export interface ServingServer extends RunningServer {
  /** The endpoint's URL (`http://…/mcp`, `ws://…/ws`); absent on stdio. */
  url?: URL;
}

/** The package each network transport lives in: optional peer dependencies of this one. */
const TRANSPORT_PACKAGES = { http: "@wasi-mcp/transport-http", ws: "@wasi-mcp/transport-ws" } as const;

/**
 * Serves a loaded component (or any `{ backend }`) over stdio, Streamable HTTP or WebSocket, both
 * protocol eras on each. The network transports are loaded on demand from their packages
 * (`@wasi-mcp/transport-http`, `@wasi-mcp/transport-ws`: optional peer dependencies, so a stdio
 * server installs nothing more); a missing one is an error saying what to install.
 *
 * @example
 * ```ts
 * const server = await serve(await loadComponent("hello.wasm"), { transport: "http", port: 3000 });
 * console.error(`serving at ${server.url}`);
 * ```
 */
export async function serve(
  component: { readonly backend: McpBackend },
  options: ServeOptions = {},
): Promise<ServingServer> {
  if (options.transport === undefined || options.transport === "stdio") {
    const { transport: _stdio, ...stdio } = options;
    return serveStdio(component, stdio);
  }
  const { transport, endpoint: given, ...where } = options;
  const endpoint = given ?? createMcpEndpoint(component.backend);
  const server = await startNetwork(transport, { endpoint, ...where }).catch(async (error: unknown) => {
    if (!given) await endpoint.close();
    throw error;
  });
  let settle!: () => void;
  const closed = new Promise<void>((resolve) => {
    settle = resolve;
  });
  return {
    url: server.url,
    closed,
    async close() {
      await server.close();
      if (!given) await endpoint.close();
      settle();
    },
  };
}

async function startNetwork(
  transport: "http" | "ws",
  options: ServeNetworkOptions & { endpoint: McpEndpoint },
): Promise<{ url: URL; close(): Promise<void> }> {
  const name = TRANSPORT_PACKAGES[transport];
  const module = await importTransport(name);
  return transport === "http"
    ? (module as typeof import("@wasi-mcp/transport-http")).createHttpServer(options)
    : (module as typeof import("@wasi-mcp/transport-ws")).createWebSocketServer(options);
}

async function importTransport(name: string): Promise<unknown> {
  try {
    return await import(name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String(error).includes(name)) {
      throw new Error(
        `[@wasi-mcp/host] this transport needs ${name}: install it beside @wasi-mcp/host (npm install ${name})`,
      );
    }
    throw error;
  }
}

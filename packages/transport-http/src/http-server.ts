import { createServer as createNodeServer, type Server as NodeHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ERROR_PREFIX, HTTP_ERROR_CODES, writeJsonError } from "./errors.js";
import type { StreamableHttpOptions } from "./options.js";
import { LOOPBACK_HOSTS } from "./request-guard.js";
import { createStreamableHttpHandler, type StreamableHttpHandler } from "./streamable-http-handler.js";

/**
 * Options of {@link createHttpServer}: where to listen, plus everything of
 * {@link StreamableHttpOptions}.
 */
export interface HttpServerOptions extends StreamableHttpOptions {
  /** Interface to bind. Default `127.0.0.1` (loopback only). */
  host?: string;
  /** Port; 0 picks a free one. Default 0. */
  port?: number;
  /** Path of the MCP endpoint. Default `/mcp`. */
  path?: string;
}

/** A listening MCP Streamable HTTP server. */
export interface McpHttpServer {
  /** The endpoint, e.g. `http://127.0.0.1:3000/mcp`. */
  readonly url: URL;
  /** The underlying `node:http` server. */
  readonly httpServer: NodeHttpServer;
  /** The endpoint logic (for its `sessionCount`). */
  readonly handler: StreamableHttpHandler;
  /** Closes every session, stops listening and drops open connections. */
  close(): Promise<void>;
}

/**
 * Starts a `node:http` server with the MCP Streamable HTTP endpoint at `path`; every other path
 * answers 404. Bound to 127.0.0.1 by default; the Host check accepts the loopback names plus the
 * bound host, so binding to a LAN address or a name needs no further option. Binding to a
 * wildcard address (`0.0.0.0`, `::`) keeps the loopback-only Host check until `allowedHosts`
 * lists the names clients use.
 *
 * @example
 * ```ts
 * import { createHttpServer } from "@wasi-mcp/transport-http";
 * import { createMcpServer, createPlainBackend } from "@wasi-mcp/router";
 * const backend = createPlainBackend({ name: "demo", version: "1.0.0", tools: [] });
 * const server = await createHttpServer({ port: 3000, createServer: () => createMcpServer(backend) });
 * console.error(`MCP endpoint: ${server.url}`); // http://127.0.0.1:3000/mcp
 * ```
 */
export async function createHttpServer(options: HttpServerOptions): Promise<McpHttpServer> {
  const { host = "127.0.0.1", port = 0, path = "/mcp", ...rest } = options;
  if (!path.startsWith("/")) throw new TypeError(`${ERROR_PREFIX} path must start with "/", got "${path}"`);
  const handler = createStreamableHttpHandler({
    ...rest,
    allowedHosts: rest.allowedHosts ?? defaultHosts(host),
  });
  const httpServer = createNodeServer((req, res) => {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    if ((query === -1 ? url : url.slice(0, query)) === path) return handler.handle(req, res);
    writeJsonError(res, 404, HTTP_ERROR_CODES.transport, `Not Found: the MCP endpoint is ${path}`);
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: new URL(`http://${shownHost}:${address.port}${path}`),
    httpServer,
    handler,
    async close() {
      await handler.close();
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeAllConnections();
      await closed;
    },
  };
}

/** Loopback names, plus the bound host when it is a specific (non-wildcard) address or name. */
export function defaultHosts(host: string): string[] {
  const bound = host.toLowerCase();
  const wildcard = bound === "0.0.0.0" || bound === "::" || bound === "";
  const name = bound.includes(":") && !bound.startsWith("[") ? `[${bound}]` : bound;
  return wildcard || LOOPBACK_HOSTS.includes(name) ? [...LOOPBACK_HOSTS] : [...LOOPBACK_HOSTS, name];
}

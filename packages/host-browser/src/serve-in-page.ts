import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { type CreateMcpServerOptions, createMcpServer } from "@wasi-mcp/router";
import type { BrowserComponent } from "./load-browser-component.js";
import { MessagePortTransport } from "./message-port-transport.js";

/** A component served in the page. */
export interface InPageServer {
  /** The client's end: give it to `new MessagePortTransport(port)` (or post it to an iframe). */
  port: MessagePort;
  /** The router's MCP server for this connection. */
  server: Server;
  /** Closes the connection (the component keeps running: close it separately). */
  close(): Promise<void>;
}

/**
 * Serves a loaded component to one in-page MCP client over a `MessageChannel`: the unchanged router
 * (`createMcpServer`) on one port, the returned port for the client. Each call makes one session.
 *
 * @example
 * ```ts
 * const { port } = await serveInPage(component);
 * const client = new Client({ name: "page", version: "1.0.0" });
 * await client.connect(new MessagePortTransport(port));
 * ```
 */
export async function serveInPage(
  component: BrowserComponent,
  options: CreateMcpServerOptions = {},
): Promise<InPageServer> {
  const channel = new MessageChannel();
  const server = createMcpServer(component.backend, options);
  await server.connect(new MessagePortTransport(channel.port1));
  return { port: channel.port2, server, close: () => server.close() };
}

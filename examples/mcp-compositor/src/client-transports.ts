import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { ClientTransportFactory } from "@wasi-mcp/host";
import { createMcpServer, type McpBackend } from "@wasi-mcp/router";
import type { ServerConfig } from "./config.js";

/**
 * The transport factories of the servers one component may call: a sibling component is served
 * in-process over a linked in-memory pair; a command is started as a stdio child; a URL is reached
 * over Streamable HTTP. `sibling` looks a component up at connect time, so reloads are followed.
 */
export function clientTransports(
  servers: Record<string, ServerConfig>,
  sibling: (name: string) => McpBackend | undefined,
): Record<string, ClientTransportFactory> {
  const factories: Record<string, ClientTransportFactory> = {};
  for (const [alias, server] of Object.entries(servers)) {
    if ("component" in server) {
      factories[alias] = async () => {
        const backend = sibling(server.component);
        if (!backend) throw new Error(`component "${server.component}" is not running`);
        const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
        await createMcpServer(backend).connect(serverSide);
        return clientSide;
      };
    } else if ("command" in server) {
      factories[alias] = () =>
        new StdioClientTransport({
          command: server.command,
          args: server.args ?? [],
          ...(server.env ? { env: server.env } : {}),
          stderr: "inherit",
        });
    } else {
      factories[alias] = () => new StreamableHTTPClientTransport(new URL(server.url));
    }
  }
  return factories;
}

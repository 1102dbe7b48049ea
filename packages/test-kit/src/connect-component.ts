import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, type ClientOptions } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { type ComponentPolicy, type LoadedComponent, loadComponent } from "@wasi-mcp/host";
import { createMcpServer } from "@wasi-mcp/router";

/** A component loaded through the host, with an SDK client connected to it in memory. */
export interface Connected {
  client: Client;
  component: LoadedComponent;
  close(): Promise<void>;
}

/**
 * Loads a built component through the host (fresh transpile cache) and connects a real SDK
 * `Client` to it through the router over an in-memory pair. For the example components' tests.
 *
 * @example
 * ```ts
 * const { client, close } = await connectComponent("examples/components/notes/dist/notes.wasm");
 * ```
 */
export async function connectComponent(
  wasm: string,
  options: { policy?: ComponentPolicy; client?: ClientOptions; setup?: (client: Client) => void } = {},
): Promise<Connected> {
  // A fresh transpile cache: a stale entry from another host version can never answer for this one.
  const cacheDirectory = mkdtempSync(join(tmpdir(), "wasi-mcp-example-test-"));
  const component = await loadComponent(wasm, {
    cacheDirectory,
    ...(options.policy ? { policy: options.policy } : {}),
    onLog: () => {},
  });
  const server = createMcpServer(component.backend);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "examples-test", version: "0.0.0" }, options.client);
  options.setup?.(client);
  await client.connect(clientSide);
  return {
    client,
    component,
    async close() {
      await client.close();
      await server.close();
      await component.close();
      rmSync(cacheDirectory, { recursive: true, force: true });
    },
  };
}

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { Types } from "@wasi-mcp/bindings";
import {
  implementationToMcp,
  initializeResultToWit,
  mcpErrorToGuest,
  parseJsonObject,
  promptFromMcp,
  promptResultFromMcp,
  readResourceResultFromMcp,
  resourceFromMcp,
  toolFromMcp,
  toolResultFromMcp,
} from "@wasi-mcp/conversions";

/** Opens a connection to one MCP server a component may reach (stdio child, HTTP URL, sibling…). */
export type ClientTransportFactory = () => Transport | Promise<Transport>;

/** The operations of `wasi:mcp/client`, as the worker forwards them. */
export type ClientOperation =
  | "connect"
  | "initialize"
  | "list-tools"
  | "call-tool"
  | "list-resources"
  | "read-resource"
  | "list-prompts"
  | "get-prompt"
  | "disconnect";

/** Thrown back to the guest as a WIT `error`. */
export class ClientOperationError extends Error {
  readonly error: Types.Error;
  constructor(error: Types.Error) {
    super(error.message);
    this.error = error;
  }
}

interface Connection {
  server: string;
  client: Client | undefined;
}

/**
 * The host side of `wasi:mcp/client` for one component: it can reach exactly the servers named in
 * `servers` (its policy), through SDK clients owned by the host thread. Results are WIT values.
 */
export class McpClientBroker {
  readonly #component: string;
  readonly #servers: Record<string, ClientTransportFactory>;
  readonly #connections = new Map<number, Connection>();
  #next = 1;

  constructor(component: string, servers: Record<string, ClientTransportFactory>) {
    this.#component = component;
    this.#servers = servers;
  }

  /** Runs one operation; failures come back as {@link ClientOperationError}. */
  async handle(operation: ClientOperation, args: unknown[]): Promise<unknown> {
    try {
      return await this.#dispatch(operation, args);
    } catch (error) {
      if (error instanceof ClientOperationError) throw error;
      throw new ClientOperationError(mcpErrorToGuest(error));
    }
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    const all = [...this.#connections.values()];
    this.#connections.clear();
    await Promise.all(all.map((connection) => connection.client?.close().catch(() => undefined)));
  }

  async #dispatch(operation: ClientOperation, args: unknown[]): Promise<unknown> {
    if (operation === "connect") return this.#connect(String(args[0]));
    const id = Number(args[0]);
    if (operation === "initialize") return this.#initialize(id, args[1] as Types.Implementation);
    const client = this.#client(id);
    switch (operation) {
      case "list-tools":
        return (await all(async (cursor) => page(await client.listTools({ cursor }), "tools"))).map((t) =>
          toolFromMcp(t),
        );
      case "call-tool": {
        const parsed = parseJsonObject(String(args[2]), "arguments");
        return toolResultFromMcp(
          (await client.callTool({ name: String(args[1]), arguments: parsed })) as never,
        );
      }
      case "list-resources":
        return (await all(async (cursor) => page(await client.listResources({ cursor }), "resources"))).map(
          (r) => resourceFromMcp(r),
        );
      case "read-resource":
        return readResourceResultFromMcp(await client.readResource({ uri: String(args[1]) }));
      case "list-prompts":
        return (await all(async (cursor) => page(await client.listPrompts({ cursor }), "prompts"))).map((p) =>
          promptFromMcp(p),
        );
      case "get-prompt": {
        const pairs = args[2] as [string, string][];
        return promptResultFromMcp(
          await client.getPrompt({ name: String(args[1]), arguments: Object.fromEntries(pairs) }),
        );
      }
      case "disconnect": {
        this.#connections.delete(id);
        await client.close();
        return undefined;
      }
    }
  }

  #connect(server: string): number {
    if (!Object.hasOwn(this.#servers, server)) {
      throw new ClientOperationError({
        code: "unauthorized",
        message: `${this.#component} may not connect to "${server}": it is not named in its policy`,
      });
    }
    const id = this.#next++;
    this.#connections.set(id, { server, client: undefined });
    return id;
  }

  async #initialize(id: number, clientInfo: Types.Implementation): Promise<unknown> {
    const connection = this.#connections.get(id);
    if (!connection) throw notConnected(id);
    if (connection.client)
      throw new ClientOperationError({ code: "invalid-request", message: "already initialized" });
    const factory = this.#servers[connection.server] as ClientTransportFactory;
    const client = new Client(implementationToMcp(clientInfo), { capabilities: {} });
    await client.connect(await factory());
    connection.client = client;
    const serverInfo = client.getServerVersion();
    if (!serverInfo)
      throw new ClientOperationError({ code: "internal-error", message: "the server did not initialize" });
    const instructions = client.getInstructions();
    return initializeResultToWit({
      protocolVersion:
        (client.transport as { protocolVersion?: string } | undefined)?.protocolVersion ?? "2025-11-25",
      serverInfo,
      capabilities: client.getServerCapabilities() ?? {},
      ...(instructions === undefined ? {} : { instructions }),
    });
  }

  #client(id: number): Client {
    const client = this.#connections.get(id)?.client;
    if (!client) throw notConnected(id);
    return client;
  }
}

function notConnected(id: number): ClientOperationError {
  return new ClientOperationError({
    code: "invalid-request",
    message: `connection ${id} is not open and initialized`,
  });
}

/** One page of a list result: its items and the cursor of the next page. */
function page<K extends string, R extends { nextCursor?: string | undefined } & Record<K, unknown[]>>(
  result: R,
  key: K,
): { items: R[K]; nextCursor: string | undefined } {
  return { items: result[key], nextCursor: result.nextCursor };
}

/** Follows `nextCursor` until the last page. */
async function all<T extends unknown[]>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T; nextCursor: string | undefined }>,
): Promise<T[number][]> {
  const items: T[number][] = [];
  let cursor: string | undefined;
  do {
    const result = await fetchPage(cursor);
    items.push(...result.items);
    cursor = result.nextCursor;
  } while (cursor);
  return items;
}

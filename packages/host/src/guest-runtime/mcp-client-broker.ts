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

/** Bounds on what one component may do through `wasi:mcp/client`. */
export interface ClientLimits {
  /** Connections open at once (connected and not yet disconnected). Default 8. */
  maxConnections?: number;
  /** Pages one `list-*` call may follow through `nextCursor`. Default 100. */
  maxPages?: number;
  /** Milliseconds one operation may take (connecting and initializing, or a whole paged list). Default 30 000. */
  timeoutMs?: number;
}

const DEFAULT_LIMITS: Required<ClientLimits> = { maxConnections: 8, maxPages: 100, timeoutMs: 30_000 };

/**
 * The host side of `wasi:mcp/client` for one component: it can reach exactly the servers named in
 * `servers` (its policy), through SDK clients owned by the host thread. Results are WIT values.
 */
export class McpClientBroker {
  readonly #component: string;
  readonly #servers: Record<string, ClientTransportFactory>;
  readonly #connections = new Map<number, Connection>();
  readonly #limits: Required<ClientLimits>;
  #next = 1;

  constructor(component: string, servers: Record<string, ClientTransportFactory>, limits: ClientLimits = {}) {
    this.#component = component;
    this.#servers = servers;
    this.#limits = { ...DEFAULT_LIMITS, ...limits };
    for (const [key, value] of Object.entries(this.#limits)) {
      if (!(value > 0)) throw new RangeError(`[@wasi-mcp/host] clientLimits.${key} must be positive`);
    }
  }

  /** Runs one operation; failures come back as {@link ClientOperationError}. */
  async handle(operation: ClientOperation, args: unknown[]): Promise<unknown> {
    try {
      return await withTimeout(this.#dispatch(operation, args), this.#limits.timeoutMs, operation);
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
    const all = <T extends unknown[]>(
      fetchPage: (cursor: string | undefined) => Promise<{ items: T; nextCursor: string | undefined }>,
    ) => allPages(fetchPage, this.#limits.maxPages);
    const options = { timeout: this.#limits.timeoutMs };
    switch (operation) {
      case "list-tools":
        return (await all(async (cursor) => page(await client.listTools({ cursor }, options), "tools"))).map(
          (t) => toolFromMcp(t),
        );
      case "call-tool": {
        const parsed = parseJsonObject(String(args[2]), "arguments");
        return toolResultFromMcp(
          (await client.callTool({ name: String(args[1]), arguments: parsed }, undefined, options)) as never,
        );
      }
      case "list-resources":
        return (
          await all(async (cursor) => page(await client.listResources({ cursor }, options), "resources"))
        ).map((r) => resourceFromMcp(r));
      case "read-resource":
        return readResourceResultFromMcp(await client.readResource({ uri: String(args[1]) }, options));
      case "list-prompts":
        return (
          await all(async (cursor) => page(await client.listPrompts({ cursor }, options), "prompts"))
        ).map((p) => promptFromMcp(p));
      case "get-prompt": {
        const pairs = args[2] as [string, string][];
        return promptResultFromMcp(
          await client.getPrompt({ name: String(args[1]), arguments: Object.fromEntries(pairs) }, options),
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
    if (this.#connections.size >= this.#limits.maxConnections) {
      throw new ClientOperationError({
        code: "unauthorized",
        message: `${this.#component} has ${this.#connections.size} connections open, its limit (clientLimits.maxConnections): disconnect one first`,
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
    connection.client = client; // closed with the connection even if initializing fails
    await client.connect(await factory(), { timeout: this.#limits.timeoutMs });
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

/**
 * Follows `nextCursor` until the last page, at most `maxPages` pages; a server that keeps answering
 * cursors (or repeats one) is an error, not an endless loop.
 */
async function allPages<T extends unknown[]>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T; nextCursor: string | undefined }>,
  maxPages: number,
): Promise<T[number][]> {
  const items: T[number][] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let pages = 0; ; pages++) {
    if (pages >= maxPages) {
      throw new ClientOperationError({
        code: "internal-error",
        message: `the server's list goes on past ${maxPages} pages (clientLimits.maxPages)`,
      });
    }
    const result = await fetchPage(cursor);
    items.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) return items;
    if (seen.has(cursor))
      throw new ClientOperationError({
        code: "internal-error",
        message: "the server repeated a list cursor",
      });
    seen.add(cursor);
  }
}

/** Rejects with a `timeout` error when `work` takes longer than `ms`. */
async function withTimeout<T>(work: Promise<T>, ms: number, operation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ClientOperationError({
            code: "timeout",
            message: `${operation} took longer than ${ms} ms (clientLimits.timeoutMs)`,
          }),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { UpstreamEndpoint } from "./upstream-config.js";

/** Where an upstream is: `ready` serves calls; `connecting` and `down` fail them at once. */
export type UpstreamState = "connecting" | "ready" | "down" | "closed";

/** A change of an upstream's state, for logs and `/readyz`. */
export interface UpstreamHealthEvent {
  namespace: string;
  state: UpstreamState;
  /** Why it went down, or the failed attempt's error. */
  reason?: string;
  /** Milliseconds until the next attempt, when down. */
  retryInMs?: number;
}

/** Options of {@link UpstreamConnection}. */
export interface UpstreamConnectionOptions {
  namespace: string;
  endpoint: UpstreamEndpoint;
  /** Called with each new client before it connects (handlers). */
  prepare(client: Client): void;
  /** Called once a client is connected; failing counts as a failed attempt. */
  ready(client: Client): Promise<void>;
  onHealth?(event: UpstreamHealthEvent): void;
  /** A line the upstream child wrote to stderr. */
  onStderr?(line: string): void;
  /** First delay after a failure; doubles per failure up to `maxBackoffMs`. Default 250. */
  backoffMs?: number;
  /** Default 30 000. */
  maxBackoffMs?: number;
}

/**
 * Keeps one SDK client connected to an upstream: a stdio child that exits is started again, an
 * HTTP server that goes away is reconnected, each after an exponentially growing pause that a
 * success resets. `client` is undefined while not ready.
 */
export class UpstreamConnection {
  client: Client | undefined;
  state: UpstreamState = "connecting";
  reason: string | undefined;
  #failures = 0;
  #timer: NodeJS.Timeout | undefined;
  #current: Client | undefined;

  constructor(private readonly options: UpstreamConnectionOptions) {}

  /** The first attempt; resolves when it succeeded or failed (a failure schedules the next). */
  start(): Promise<void> {
    return this.#attempt();
  }

  /** Drops the current connection (a hung upstream); the usual restart follows. */
  restart(reason: string): void {
    const client = this.#current;
    if (!client || this.state === "closed") return;
    this.#down(client, reason);
    void client.close().catch(() => {});
  }

  async close(): Promise<void> {
    this.#set("closed");
    clearTimeout(this.#timer);
    const client = this.#current;
    this.#current = undefined;
    this.client = undefined;
    await client?.close().catch(() => {});
  }

  async #attempt(): Promise<void> {
    if (this.state === "closed") return;
    this.#timer = undefined;
    this.#set("connecting");
    const client = new Client(
      { name: "mcp-compositor", version: "0.1.0" },
      { capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } } },
    );
    this.#current = client;
    this.options.prepare(client);
    client.onclose = () => this.#down(client, "connection closed");
    try {
      await client.connect(this.#transport());
      await this.options.ready(client);
    } catch (error) {
      this.#down(client, (error as Error).message);
      await client.close().catch(() => {});
      return;
    }
    if (this.#current !== client || (this.state as UpstreamState) === "closed") return;
    this.#failures = 0;
    this.client = client;
    this.#set("ready");
  }

  #down(client: Client, reason: string): void {
    if (this.#current !== client || this.state === "closed" || this.#timer) return;
    this.client = undefined;
    const retryInMs = Math.min(
      (this.options.backoffMs ?? 250) * 2 ** this.#failures,
      this.options.maxBackoffMs ?? 30_000,
    );
    this.#failures++;
    this.#set("down", reason, retryInMs);
    this.#timer = setTimeout(() => void this.#attempt(), retryInMs);
    this.#timer.unref();
  }

  #set(state: UpstreamState, reason?: string, retryInMs?: number): void {
    this.state = state;
    this.reason = reason;
    this.options.onHealth?.({
      namespace: this.options.namespace,
      state,
      ...(reason === undefined ? {} : { reason }),
      ...(retryInMs === undefined ? {} : { retryInMs }),
    });
  }

  #transport(): Transport {
    const endpoint = this.options.endpoint;
    if ("url" in endpoint) {
      return new StreamableHTTPClientTransport(new URL(endpoint.url), {
        ...(endpoint.headers ? { requestInit: { headers: endpoint.headers } } : {}),
      });
    }
    const transport = new StdioClientTransport({
      command: endpoint.command,
      args: endpoint.args ?? [],
      env: { ...getDefaultEnvironment(), ...(endpoint.env ?? {}) },
      ...(endpoint.cwd ? { cwd: endpoint.cwd } : {}),
      stderr: "pipe",
    });
    let pending = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      const lines = (pending + chunk.toString("utf8")).split("\n");
      pending = (lines.pop() ?? "").slice(-4096);
      for (const line of lines) if (line) this.options.onStderr?.(line);
    });
    return transport;
  }

  /** The child's process id, for a stdio upstream that is running. */
  get pid(): number | undefined {
    const transport = this.#current?.transport;
    return transport instanceof StdioClientTransport ? (transport.pid ?? undefined) : undefined;
  }
}

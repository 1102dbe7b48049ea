import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ChildOutput } from "@wasi-mcp/test-kit/process";

/** How to start one stdio MCP server process. */
export interface StdioCommand {
  command: string;
  args?: string[];
  /** Environment of the child. Default: this process's environment. */
  env?: Record<string, string>;
  cwd?: string;
}

/** A started stdio server: its transport and the tail of its stderr. */
export interface StdioChild {
  readonly transport: StdioClientTransport;
  readonly stderr: ChildOutput;
}

/**
 * Starts stdio MCP server processes, keeping `spares` of them started ahead so that a new
 * session does not wait for a component to load. A stdio server serves one client session for
 * its whole life, so every session takes its own process.
 *
 * @example
 * ```ts
 * const pool = new ChildPool({ command: "node", args: ["server.js"] }, 1);
 * const child = await pool.take();
 * await child.transport.send({ jsonrpc: "2.0", id: 1, method: "ping" });
 * await pool.close();
 * ```
 */
export class ChildPool {
  private readonly ready: Promise<StdioChild>[] = [];
  private closed = false;

  constructor(
    private readonly spec: StdioCommand,
    private readonly spares: number,
  ) {
    this.refill();
  }

  /** A started child for one session; a replacement spare starts at once. */
  async take(): Promise<StdioChild> {
    if (this.closed) throw new Error("[@wasi-mcp/conformance-harness] the stdio bridge is closed");
    const next = this.ready.shift() ?? this.spawn();
    this.refill();
    return next;
  }

  /** Stops the spares (children handed out are closed by their sessions). */
  async close(): Promise<void> {
    this.closed = true;
    const spares = this.ready.splice(0);
    await Promise.all(spares.map(async (child) => (await child.catch(() => undefined))?.transport.close()));
  }

  private refill(): void {
    while (!this.closed && this.ready.length < this.spares) {
      const child = this.spawn();
      child.catch(() => undefined); // reported to whoever takes it
      this.ready.push(child);
    }
  }

  private async spawn(): Promise<StdioChild> {
    const env = this.spec.env ?? definedEnv(process.env);
    const transport = new StdioClientTransport({
      command: this.spec.command,
      args: this.spec.args ?? [],
      env,
      stderr: "pipe",
      ...(this.spec.cwd ? { cwd: this.spec.cwd } : {}),
    });
    const stderr = new ChildOutput(transport.stderr);
    await transport.start();
    return { transport, stderr };
  }
}

function definedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

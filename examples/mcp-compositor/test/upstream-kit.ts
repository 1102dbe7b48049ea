import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
// What the upstream tests share: the files they run, and an in-process client of a composition.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { createMcpServer, type McpBackend } from "@wasi-mcp/router";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const CLI = join(root, "dist", "cli.js");
export const HELLO = join(root, "..", "components", "hello", "dist", "hello.wasm");
const modules = join(root, "node_modules", "@modelcontextprotocol");
export const EVERYTHING = join(modules, "server-everything", "dist", "index.js");
export const FILESYSTEM = join(modules, "server-filesystem", "dist", "index.js");
export const HANGING = join(root, "test", "hanging-upstream.mjs");
/** A 2026-07-28 upstream (SDK v2 `McpServer`): `stdio`, or `http <port>`. */
export const MODERN = join(root, "test", "modern-upstream.mjs");

/** The text of a tool result's first content item. */
export const text = (result: unknown) => (result as { content: { text?: string }[] }).content[0]?.text ?? "";

/** Connects `client` (2025, SDK v1) to `backend` served in-process; returns it. */
export async function connectInProcess(backend: McpBackend, client: Client): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer(backend).connect(b);
  await client.connect(a);
  return client;
}

/**
 * Ends every process whose environment holds `UPSTREAM_TEST_MARK=<mark>`: the stdio upstreams a
 * compositor child started. A compositor stopped hard (its client's close escalates to SIGKILL
 * under load) cannot end them itself, and server-everything keeps running on a closed stdin.
 */
export function killMarkedUpstreams(mark: string): void {
  for (const pid of markedProcesses(mark)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone already
    }
  }
}

/** The processes whose environment holds `UPSTREAM_TEST_MARK=<mark>` (none where there is no /proc). */
export function markedProcesses(mark: string): number[] {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return []; // no /proc: not Linux
  }
  return pids.map(Number).filter((pid) => {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8");
      // A zombie (exited, not yet reaped) has an empty environment.
      return environ.split("\0").includes(`UPSTREAM_TEST_MARK=${mark}`);
    } catch {
      return false; // gone already, or not ours to read
    }
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago (nothing listens on it now). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

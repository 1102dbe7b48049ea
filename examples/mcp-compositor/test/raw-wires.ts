// Raw client ends of the three wires for tests that send bytes no SDK client would: each connection
// sends a frame as it is given (a stdio line, a WebSocket text message, an HTTP POST body) and
// collects every JSON-RPC message that comes back.
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { startServerProcess } from "@wasi-mcp/test-kit/process";
import WebSocket from "ws";

/** One connection to a server, of whatever wire. */
export interface RawConnection {
  /** Sends one frame (bytes exactly as given). */
  send(frame: Buffer): Promise<void>;
  /** Every JSON-RPC message received so far (unparseable output is kept as `{ unparsed }`). */
  readonly received: unknown[];
  /** Why the connection ended, if it did (a WebSocket close code, a process exit). */
  readonly closed: string | undefined;
  close(): Promise<void>;
}

/** A `mcp-compositor serve … --transport <t>` child process. */
export interface ServingChild {
  child: ChildProcess;
  /** The endpoint (http, ws); undefined for stdio. */
  url: URL | undefined;
  /** What the process wrote to stderr (its last 10 000 lines). */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `node <cli> serve <args…>` (test-kit's process harness); for http and ws waits for the URL it prints. */
export async function startServing(
  cli: string,
  args: string[],
  wire: "stdio" | "http" | "ws",
): Promise<ServingChild> {
  const server = await startServerProcess({
    name: `mcp-compositor (${wire})`,
    args: [cli, "serve", ...args, "--transport", wire, ...(wire === "stdio" ? [] : ["--port", "0"])],
    stdio: "pipe",
    ready: wire === "stdio" ? null : undefined,
    timeoutMs: 120_000,
  });
  return {
    child: server.child,
    url: server.url,
    stderr: server.stderr,
    stop: async () => {
      await server.stop();
    },
  };
}

/**
 * A raw connection over a stdio server's pipes (one server process is one connection; closing the
 * connection leaves the process to whoever started it).
 */
export function stdioConnection(server: ServingChild): RawConnection {
  const received: unknown[] = [];
  const { child } = server;
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) =>
    received.push(parse(line)),
  );
  let closed: string | undefined;
  child.once("exit", (code, signal) => {
    closed = `exit ${code ?? signal}`;
  });
  return {
    received,
    get closed() {
      return closed;
    },
    send: (frame) =>
      new Promise((resolve, reject) => {
        child.stdin?.write(Buffer.concat([frame, Buffer.from("\n")]), (error) =>
          error ? reject(error) : resolve(),
        );
      }),
    close: async () => {},
  };
}

/** A raw WebSocket connection (subprotocol `mcp`); frames are sent as text messages. */
export async function wsConnection(url: URL): Promise<RawConnection> {
  const ws = new WebSocket(url, ["mcp"], { perMessageDeflate: false });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  const received: unknown[] = [];
  let closed: string | undefined;
  ws.on("message", (data) => received.push(parse(data.toString())));
  ws.on("error", () => {});
  ws.once("close", (code) => {
    closed = `close ${code}`;
  });
  return {
    received,
    get closed() {
      return closed;
    },
    send: (frame) =>
      new Promise((resolve) => {
        if (ws.readyState !== WebSocket.OPEN) return resolve();
        ws.send(frame, { binary: false }, () => resolve());
      }),
    close: async () => {
      if (ws.readyState === WebSocket.CLOSED) return;
      const done = once(ws, "close");
      ws.close();
      await done;
    },
  };
}

/**
 * A raw Streamable HTTP session: every frame is one POST carrying the session's headers; the
 * messages of each answer (a JSON body, an SSE stream, or an HTTP error's JSON-RPC body) are
 * collected, and the HTTP status of each POST is kept.
 */
export function httpConnection(url: URL, sessionHeaders: Record<string, string> = {}) {
  const received: unknown[] = [];
  const statuses: number[] = [];
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    ...sessionHeaders,
  };
  return {
    received,
    statuses,
    headers,
    closed: undefined as string | undefined,
    async send(frame: Buffer): Promise<void> {
      const response = await fetch(url, { method: "POST", headers, body: frame });
      statuses.push(response.status);
      const session = response.headers.get("mcp-session-id");
      if (session && !headers["mcp-session-id"]) {
        headers["mcp-session-id"] = session;
        headers["mcp-protocol-version"] = "2025-11-25";
      }
      const text = await response.text();
      if (String(response.headers.get("content-type")).startsWith("text/event-stream")) {
        for (const event of text.split("\n\n")) {
          const data = event
            .split("\n")
            .filter((line) => line.startsWith("data:"))
            .map((line) => line.slice(5).trimStart())
            .join("\n");
          if (data) received.push(parse(data));
        }
      } else if (text.trim() !== "") {
        const body = parse(text);
        for (const message of Array.isArray(body) ? body : [body]) received.push(message);
      }
    },
    async close(): Promise<void> {
      if (headers["mcp-session-id"]) await fetch(url, { method: "DELETE", headers }).catch(() => undefined);
    },
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { unparsed: text.slice(0, 200) };
  }
}

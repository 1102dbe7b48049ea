// Shared by this package's tests: a real SDK server with a few tools, and raw HTTP helpers.
import { type Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";

/** A gate a test opens to let a waiting tool call finish. */
export interface Gate {
  open(): void;
  wait: Promise<void>;
}

export function gate(): Gate {
  let open = () => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, wait };
}

/**
 * An SDK `Server` with tools: `echo {text}`; `whoami` (the auth client id); `slow` (one log
 * notification, then waits for `gates.slow`); `drop` (a notification, then closes its own SSE
 * stream, then answers after 50 ms — the polling pattern of SEP-1699); `flood {count, bytes, burst}`
 * (`count` log notifications of `bytes` each on its stream, one per turn of the event loop — all in
 * one turn with `burst` — then opens `gates.flooded` and answers).
 */
export function testServer(gates: { slow?: Gate; flooded?: Gate } = {}): Server {
  const server = new Server({ name: "test", version: "1.0.0" }, { capabilities: { tools: {}, logging: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: ["echo", "whoami", "slow", "drop", "flood"].map((name) => ({
      name,
      inputSchema: { type: "object" as const },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const text = (value: string): CallToolResult => ({ content: [{ type: "text", text: value }] });
    switch (request.params.name) {
      case "whoami":
        return text(extra.authInfo?.clientId ?? "anonymous");
      case "slow":
        await extra.sendNotification({
          method: "notifications/message",
          params: { level: "info", data: "started" },
        });
        await gates.slow?.wait;
        return text("slow done");
      case "flood": {
        const {
          count = 0,
          bytes = 0,
          burst = false,
        } = (request.params.arguments ?? {}) as {
          count?: number;
          bytes?: number;
          burst?: boolean;
        };
        const data = "f".repeat(bytes);
        for (let n = 0; n < count; n++) {
          await extra.sendNotification({ method: "notifications/message", params: { level: "info", data } });
          // One per turn of the event loop, as a handler doing work between them sends them.
          if (!burst) await new Promise((resolve) => setImmediate(resolve));
        }
        gates.flooded?.open();
        return text(`flooded ${count}`);
      }
      case "drop":
        await extra.sendNotification({
          method: "notifications/message",
          params: { level: "info", data: "before drop" },
        });
        extra.closeSSEStream?.();
        await new Promise((resolve) => setTimeout(resolve, 50));
        await extra.sendNotification({
          method: "notifications/message",
          params: { level: "info", data: "after drop" },
        });
        return text(extra.closeSSEStream ? "dropped and resumed" : "no stream to drop");
      default:
        return text(String(request.params.arguments?.text ?? ""));
    }
  });
  return server;
}

export const INIT = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
};

export const POST_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
};

/** POSTs a JSON-RPC body with the usual headers plus `headers`. */
export function post(url: URL, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", headers: { ...POST_HEADERS, ...headers }, body: JSON.stringify(body) });
}

/** Initializes a session over raw HTTP and returns its id (after sending `initialized`). */
export async function openSession(url: URL, headers: Record<string, string> = {}): Promise<string> {
  const response = await post(url, INIT, headers);
  await response.text();
  const id = response.headers.get("mcp-session-id");
  if (!id) throw new Error(`no session id (HTTP ${response.status})`);
  const session = { "mcp-session-id": id, "mcp-protocol-version": "2025-11-25", ...headers };
  await (await post(url, { jsonrpc: "2.0", method: "notifications/initialized" }, session)).text();
  return id;
}

/** One parsed SSE event. */
export interface SseEvent {
  id?: string;
  data: string;
  retry?: number;
}

/** Parses SSE text into events (comments dropped). */
export function parseSse(text: string): SseEvent[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "" && !block.startsWith(":"))
    .map((block) => {
      const event: SseEvent = { data: "" };
      for (const line of block.split("\n")) {
        const [field, ...rest] = line.split(": ");
        const value = rest.join(": ");
        if (field === "id") event.id = value;
        else if (field === "data") event.data = value;
        else if (field === "retry") event.retry = Number(value);
      }
      return event;
    });
}

/** Reads an SSE body until `until` holds for the events so far, then cancels the read. */
export async function readSseUntil(
  response: Response,
  until: (events: SseEvent[]) => boolean,
): Promise<SseEvent[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) text += decoder.decode(value, { stream: true });
    const events = parseSse(text.slice(0, text.lastIndexOf("\n\n") + 2));
    if (done || until(events)) {
      await reader.cancel().catch(() => undefined);
      return events;
    }
  }
}

/** POSTs with `node:http`, which (unlike fetch) sends any `Host` header it is given. */
export function rawPost(
  url: URL,
  body: unknown,
  headers: Record<string, string>,
  agent?: Agent,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: "POST", headers: { ...POST_HEADERS, ...headers }, ...(agent ? { agent } : {}) },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
        );
      },
    );
    request.on("error", reject);
    request.end(JSON.stringify(body));
  });
}

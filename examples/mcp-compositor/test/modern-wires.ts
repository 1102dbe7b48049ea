// MCP 2026-07-28 frames and a raw 2026 Streamable HTTP client end, for tests that send the 2026
// envelope by hand on all three wires (stdio and WebSocket use raw-wires.ts as they are).
import { modernEnvelope } from "@wasi-mcp/router";
import type { RawConnection } from "./raw-wires.js";

/** The per-request `_meta` envelope of 2026-07-28, naming `version`. */
export function envelope(version = "2026-07-28"): Record<string, unknown> {
  return modernEnvelope({ version, clientInfo: { name: "hostile", version: "0" } });
}

/** A 2026 request frame: `params` with the envelope added (unless `params._meta` is given). */
export function modern(id: string, method: string, params: Record<string, unknown> = {}): Buffer {
  return Buffer.from(
    JSON.stringify({ jsonrpc: "2.0", id, method, params: { _meta: envelope(), ...params } }),
  );
}

/**
 * A raw 2026 Streamable HTTP client: every frame is one POST with the standard headers the body
 * calls for (`MCP-Protocol-Version` as its envelope names it, `Mcp-Method`, `Mcp-Name`); the messages of each answer are
 * collected, and an SSE answer (a `subscriptions/listen` stream) is read as it comes, in the
 * background, until it ends or the connection is closed. `extraHeaders` go with every POST (a
 * credential).
 */
export function modernHttpConnection(
  url: URL,
  extraHeaders: Record<string, string> = {},
): RawConnection & { statuses: number[] } {
  const received: unknown[] = [];
  const statuses: number[] = [];
  const streams = new Set<AbortController>();
  return {
    received,
    statuses,
    closed: undefined,
    async send(frame: Buffer): Promise<void> {
      const controller = new AbortController();
      const response = await fetch(url, {
        method: "POST",
        headers: { ...standardHeaders(frame), ...extraHeaders },
        body: frame,
        signal: controller.signal,
      });
      statuses.push(response.status);
      if (!String(response.headers.get("content-type")).startsWith("text/event-stream")) {
        const text = await response.text();
        if (text.trim() !== "") received.push(parse(text));
        return;
      }
      streams.add(controller);
      void readEvents(response, received).finally(() => streams.delete(controller));
    },
    async close(): Promise<void> {
      for (const controller of streams) controller.abort();
    },
  };
}

function standardHeaders(frame: Buffer): Record<string, string> {
  const body = parse(frame.toString()) as {
    method?: unknown;
    params?: { name?: unknown; uri?: unknown; _meta?: Record<string, unknown> };
  };
  const version = body?.params?._meta?.["io.modelcontextprotocol/protocolVersion"];
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version":
      typeof version === "string" && /^[\x20-\x7e]{1,40}$/.test(version) ? version : "2026-07-28",
  };
  if (typeof body?.method === "string" && body.method.length < 200 && !/[\r\n]/.test(body.method)) {
    headers["mcp-method"] = body.method;
  }
  const name = body?.params?.name ?? body?.params?.uri;
  if (typeof name === "string" && name.length < 200 && /^[\x20-\x7e]*$/.test(name))
    headers["mcp-name"] = name;
  return headers;
}

async function readEvents(response: Response, received: unknown[]): Promise<void> {
  const decoder = new TextDecoder();
  let buffered = "";
  try {
    for await (const chunk of response.body ?? []) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffered.indexOf("\n\n");
      while (end !== -1) {
        const data = buffered
          .slice(0, end)
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).trimStart())
          .join("\n");
        if (data) received.push(parse(data));
        buffered = buffered.slice(end + 2);
        end = buffered.indexOf("\n\n");
      }
    }
  } catch {
    // Aborted by close(), or cut off by the server: what arrived is kept.
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { unparsed: text.slice(0, 200) };
  }
}

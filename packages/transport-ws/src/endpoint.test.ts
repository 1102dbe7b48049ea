// The WebSocket server served through the router's endpoint object: each connection in the era
// its opening message picks, with the endpoint's settings.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { createMcpEndpoint, createPlainBackend, modernRequest } from "@wasi-mcp/router";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketClientTransport } from "./websocket-client-transport.js";
import { createWebSocketServer, type McpWebSocketServer } from "./websocket-server.js";

const backend = createPlainBackend({
  name: "endpoint",
  version: "1.0.0",
  tools: [
    {
      name: "echo",
      inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
      call: async ({ text }) => ({ content: [{ type: "text", text: String(text) }] }),
    },
  ],
});

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

async function serve(): Promise<McpWebSocketServer> {
  const endpoint = createMcpEndpoint(backend, { onInternalError: () => {} });
  const server = await createWebSocketServer({ endpoint });
  closing.push(
    () => endpoint.close(),
    () => server.close(),
  );
  return server;
}

describe("createWebSocketServer({ endpoint })", () => {
  it("serves a 2025 SDK client and a connection that opens with a 2026 request", async () => {
    const server = await serve();
    const client = new Client({ name: "v1", version: "0" });
    await client.connect(new WebSocketClientTransport(server.url));
    expect(await client.callTool({ name: "echo", arguments: { text: "2025" } })).toEqual({
      content: [{ type: "text", text: "2025" }],
    });
    await client.close();

    const raw = new WebSocketClientTransport(server.url);
    const received: JSONRPCMessage[] = [];
    raw.onmessage = (message) => received.push(message);
    await raw.start();
    await raw.send(
      modernRequest(1, "tools/call", { name: "echo", arguments: { text: "2026" } }) as JSONRPCMessage,
    );
    await expect.poll(() => received.length).toBe(1);
    expect(received[0]).toMatchObject({
      result: { resultType: "complete", content: [{ type: "text", text: "2026" }] },
    });
    await raw.close();
  });

  it("refuses options that belong to the endpoint", async () => {
    const endpoint = createMcpEndpoint(backend);
    closing.push(() => endpoint.close());
    await expect(createWebSocketServer({ endpoint, eventBus: endpoint.eventBus })).rejects.toThrow(
      /eventBus belongs to the endpoint/,
    );
  });
});

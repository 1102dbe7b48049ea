// The transport served through the router's endpoint object: one POST path, the era of each POST
// decided by the endpoint, both faces with the endpoint's settings.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  createMcpEndpoint,
  createMcpServer,
  createPlainBackend,
  modernHeaders,
  modernRequest,
} from "@wasi-mcp/router";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer, type McpHttpServer } from "./http-server.js";

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

async function serve(): Promise<McpHttpServer> {
  const endpoint = createMcpEndpoint(backend, { onInternalError: () => {} });
  const server = await createHttpServer({ endpoint });
  closing.push(
    () => endpoint.close(),
    () => server.close(),
  );
  return server;
}

describe("createHttpServer({ endpoint })", () => {
  it("serves a 2025 SDK client and a 2026 request on the same path", async () => {
    const server = await serve();
    const client = new Client({ name: "v1", version: "0" });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    expect(await client.callTool({ name: "echo", arguments: { text: "2025" } })).toEqual({
      content: [{ type: "text", text: "2025" }],
    });
    await client.close();
    const request = modernRequest(1, "tools/call", { name: "echo", arguments: { text: "2026" } });
    const response = await fetch(server.url, {
      method: "POST",
      headers: modernHeaders(request),
      body: JSON.stringify(request),
    });
    expect(response.headers.get("mcp-session-id")).toBeNull();
    expect(await response.json()).toMatchObject({
      result: { resultType: "complete", content: [{ type: "text", text: "2026" }] },
    });
  });

  it("refuses options that belong to the endpoint", async () => {
    const endpoint = createMcpEndpoint(backend);
    closing.push(() => endpoint.close());
    await expect(
      createHttpServer({ endpoint, createServer: () => createMcpServer(backend) }),
    ).rejects.toThrow(/createServer belongs to the endpoint/);
    await expect(createHttpServer({ endpoint, maxListenStreams: 5 })).rejects.toThrow(
      /maxListenStreams belongs to the endpoint/,
    );
  });
});

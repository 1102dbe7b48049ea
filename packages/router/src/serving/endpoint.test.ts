import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { createMcpServer } from "../legacy/create-server.js";
import { initializeRequest, modernRequest } from "../modern/raw-requests.js";
import type { McpBackend } from "../shared/backend.js";
import { createPlainBackend } from "../shared/plain-backend.js";
import { until } from "../shared/test-support.js";
import { createMcpEndpoint, endpointOfFactories, type McpEndpoint } from "./endpoint.js";

const plain = createPlainBackend({
  name: "demo",
  version: "1.2.3",
  tools: [
    {
      name: "echo",
      inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
      call: async ({ text }) => ({ content: [{ type: "text", text: String(text) }] }),
    },
  ],
});
const backend: McpBackend = { ...plain, cacheHint: () => ({ ttlMs: 5000, cacheScope: "public" }) };

let endpoint: McpEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

/** Opens a channel on the endpoint and collects what the server sends. */
async function channel(served: McpEndpoint) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const channelServed = served.serveChannel(serverSide);
  const received: JSONRPCMessage[] = [];
  clientSide.onmessage = (message) => received.push(message);
  await clientSide.start();
  return { clientSide, served: channelServed, received };
}

function httpPost(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/mcp", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

describe("createMcpEndpoint (both faces, one event bus, the era decided at the entry)", () => {
  it("serves a 2025 client on a channel without cache fields, whatever the backend hints", async () => {
    endpoint = createMcpEndpoint(backend, { onInternalError: () => {} });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const served = endpoint.serveChannel(serverSide);
    const client = new Client({ name: "v1", version: "0" });
    await client.connect(clientSide);
    const listed = await client.listTools();
    expect(listed.tools.map((tool) => tool.name)).toEqual(["echo"]);
    expect(listed).not.toHaveProperty("ttlMs");
    await client.close();
    await served.closed;
  });

  it("adds the backend's cache hint on the 2026 face only", async () => {
    endpoint = createMcpEndpoint(backend, { onInternalError: () => {} });
    const { clientSide, served, received } = await channel(endpoint);
    await clientSide.send(modernRequest(1, "tools/list") as JSONRPCMessage);
    await until(() => received.length === 1);
    expect(received[0]).toMatchObject({
      result: { ttlMs: 5000, cacheScope: "public", resultType: "complete" },
    });
    await served.close();
  });

  it("fans one backend listener out to 2025 sessions and the 2026 bus", async () => {
    const tools = plain.listTools().map((tool) => ({ ...tool, call: async () => ({ content: [] }) }));
    const events = createPlainBackend({ name: "ev", version: "0", tools });
    let listeners = 0;
    const counted: McpBackend = {
      ...events,
      onEvent: (listener) => {
        listeners++;
        return events.onEvent?.(listener) ?? (() => {});
      },
    };
    endpoint = createMcpEndpoint(counted, { onInternalError: () => {} });
    const published: unknown[] = [];
    endpoint.eventBus?.subscribe((event) => published.push(event));
    const sessions = [await channel(endpoint), await channel(endpoint)];
    for (const [index, session] of sessions.entries()) {
      await session.clientSide.send(initializeRequest(index) as JSONRPCMessage);
      await until(() => session.received.length === 1);
      await session.clientSide.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    }
    events.setTools([]);
    await until(() => published.length === 1 && sessions.every((s) => s.received.length === 2));
    expect(published).toEqual([{ kind: "tools_list_changed" }]);
    expect(sessions[0]?.received[1]).toMatchObject({ method: "notifications/tools/list_changed" });
    expect(listeners).toBe(1);
    for (const session of sessions) await session.served.close();
  });

  it("decides an HTTP POST's era once and answers a 2026 one through the SDK entry", async () => {
    endpoint = createMcpEndpoint(backend, { onInternalError: () => {} });
    const entry = endpoint.http({ responseMode: "json" });
    const modern = modernRequest(1, "tools/call", { name: "echo", arguments: { text: "hi" } });
    const headers = { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "echo" };
    expect(entry?.isModern({ headers, body: modern })).toBe(true);
    expect(entry?.isModern({ headers: {}, body: initializeRequest(0) })).toBe(false);
    const response = await endpoint.handleHttp(httpPost(modern, headers), { parsedBody: modern });
    expect(await response.json()).toMatchObject({ result: { content: [{ type: "text", text: "hi" }] } });
    await entry?.close();
  });

  it("serves 2025 only over factories without a 2026 face, as the transports' factory options did", async () => {
    endpoint = endpointOfFactories({
      createServer: () => createMcpServer(plain, { onInternalError: () => {} }),
    });
    expect(endpoint.modern).toBeUndefined();
    expect(endpoint.http()).toBeUndefined();
    const { clientSide, served, received } = await channel(endpoint);
    await clientSide.send(modernRequest(1, "tools/list") as JSONRPCMessage);
    await until(() => received.length === 1);
    // The 2025 face has not been initialized, so it serves the request with 2025 shapes.
    expect(received[0]).not.toHaveProperty("result.resultType");
    await served.close();
    await served.closed;
  });

  it("checks its listen bounds", () => {
    expect(() => createMcpEndpoint(backend, { maxListenStreamsPerClient: 0 })).toThrow(/positive integer/);
    expect(() => createMcpEndpoint(backend, { maxListenStreams: -1 })).toThrow(/positive integer/);
  });
});

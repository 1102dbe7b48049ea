// The interop matrix of ADR 0005: the SDK v1 `Client` (MCP 2025-11-25) and the SDK v2 `Client`
// pinned to 2026-07-28, on stdio, Streamable HTTP and WebSocket, against the real hello component;
// and a 2026 `subscriptions/listen` stream that sees a backend's list change on each network
// transport.
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernHttp,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { createMcpEndpoint, createPlainBackend } from "@wasi-mcp/router";
import { createHttpServer, type McpHttpServer } from "@wasi-mcp/transport-http";
import {
  createWebSocketServer,
  type McpWebSocketServer,
  WebSocketClientTransport,
} from "@wasi-mcp/transport-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureInstance, helloFixture, stdioTransport, type TransportHarness } from "../src/index.js";

type ModernTransport = Parameters<ModernClient["connect"]>[0];

/** One wire: a v1 client transport and a v2 one, each a new connection. */
interface Wire {
  name: string;
  legacy(): Transport;
  modern(): ModernTransport;
}

const PIN_2026 = { versionNegotiation: { mode: { pin: "2026-07-28" } } } as const;

let hello: FixtureInstance | undefined;
let http: McpHttpServer | undefined;
let ws: McpWebSocketServer | undefined;
let stdio: TransportHarness | undefined;

beforeAll(async () => {
  hello = await helloFixture.setup();
  http = await createHttpServer({ endpoint: hello.endpoint });
  ws = await createWebSocketServer({ endpoint: hello.endpoint });
  stdio = await stdioTransport().start(helloFixture);
}, 120_000);

afterAll(async () => {
  await http?.close();
  await ws?.close();
  await stdio?.close();
  await hello?.close();
});

const wires: Wire[] = [
  {
    name: "stdio",
    legacy: () => (stdio as TransportHarness).clientTransport(),
    // A custom stdio-shaped transport: the v2 client probes in place, on this one process.
    modern: () => (stdio as TransportHarness).clientTransport() as unknown as ModernTransport,
  },
  {
    name: "Streamable HTTP",
    legacy: () => new StreamableHTTPClientTransport((http as McpHttpServer).url),
    modern: () => new ModernHttp((http as McpHttpServer).url),
  },
  {
    name: "WebSocket",
    legacy: () => new WebSocketClientTransport((ws as McpWebSocketServer).url),
    // Our client transport implements the Transport contract both SDK majors share.
    modern: () => new WebSocketClientTransport((ws as McpWebSocketServer).url) as unknown as ModernTransport,
  },
];

describe.each(wires)("interop on $name with the hello component", (wire) => {
  it("SDK v1 Client (2025-11-25) lists and calls tools", async () => {
    const client = new Client({ name: "v1", version: "0" });
    await client.connect(wire.legacy());
    try {
      expect(client.getServerVersion()).toMatchObject({ name: "hello" });
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["echo", "add"]);
      expect(await client.callTool({ name: "echo", arguments: { text: "v1" } })).toEqual({
        content: [{ type: "text", text: "v1" }],
      });
    } finally {
      await client.close();
    }
  });

  it("SDK v2 Client pinned to 2026-07-28 lists and calls tools", async () => {
    const client = new ModernClient({ name: "v2", version: "0" }, PIN_2026);
    await client.connect(wire.modern());
    try {
      expect(client.getProtocolEra()).toBe("modern");
      expect(client.getNegotiatedProtocolVersion()).toBe("2026-07-28");
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["echo", "add"]);
      const sum = await client.callTool({ name: "add", arguments: { a: 40, b: 2 } });
      expect(sum.structuredContent).toEqual({ sum: 42 });
      await expect(client.callTool({ name: "nope", arguments: {} })).rejects.toThrow(/nope/);
    } finally {
      await client.close();
    }
  });
});

/** A backend whose tool list the test changes, served on HTTP and WebSocket with one event bus. */
describe("subscriptions/listen sees the backend's list changes", () => {
  const backend = createPlainBackend({ name: "changing", version: "1.0.0", tools: [tool("first")] });
  const endpoint = createMcpEndpoint(backend);
  let servers: { http: McpHttpServer; ws: McpWebSocketServer } | undefined;
  beforeAll(async () => {
    servers = {
      http: await createHttpServer({ endpoint }),
      ws: await createWebSocketServer({ endpoint }),
    };
  });
  afterAll(async () => {
    await servers?.http.close();
    await servers?.ws.close();
    await endpoint.close();
  });

  it.each([
    ["Streamable HTTP", () => new ModernHttp(servers?.http.url as URL)],
    ["WebSocket", () => new WebSocketClientTransport(servers?.ws.url as URL) as unknown as ModernTransport],
  ] as const)("on %s", async (_name, transport) => {
    const client = new ModernClient({ name: "listener", version: "0" }, PIN_2026);
    await client.connect(transport());
    try {
      const changed = new Promise<void>((resolve) =>
        client.setNotificationHandler("notifications/tools/list_changed", () => resolve()),
      );
      const subscription = await client.listen({ toolsListChanged: true });
      expect(subscription.honoredFilter).toEqual({ toolsListChanged: true });
      backend.setTools([tool("first"), tool(`second-${_name.length}`)]);
      await changed;
      await subscription.close();
    } finally {
      await client.close();
    }
  });
});

function tool(name: string) {
  return {
    name,
    inputSchema: { type: "object" as const },
    call: async () => ({ content: [{ type: "text" as const, text: name }] }),
  };
}

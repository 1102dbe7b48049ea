// Rate limits of the front door (ADR 0012) on real sockets: past a caller's bucket, Streamable HTTP
// answers 429 with Retry-After before serving the request, WebSocket a JSON-RPC -32029 with
// data.retryAfterMs; another caller keeps its own bucket, and the invocation log records it.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import {
  createMcpEndpoint,
  createPlainBackend,
  type InvocationRecord,
  type McpEndpoint,
  RATE_LIMITED,
} from "@wasi-mcp/router";
import { apiKeyAuthenticator, createHttpServer, type McpHttpServer } from "@wasi-mcp/transport-http";
import {
  createWebSocketServer,
  type McpWebSocketServer,
  WebSocketClientTransport,
} from "@wasi-mcp/transport-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ALICE = "alice-key-0123456789abcdef";
const BOB = "bob-key-0123456789abcdef";
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

let endpoint: McpEndpoint;
let http: McpHttpServer;
let ws: McpWebSocketServer;
let served = 0;
const records: InvocationRecord[] = [];

beforeAll(async () => {
  endpoint = createMcpEndpoint(
    createPlainBackend({
      name: "limited",
      version: "1",
      tools: [
        {
          name: "echo",
          inputSchema: { type: "object" },
          call: () => {
            served++;
            return { content: [] };
          },
        },
      ],
    }),
    // A refill so slow that no test waits for it: two calls, then refusal.
    {
      rateLimits: { tools: { echo: { perSecond: 0.001, burst: 2 } } },
      invocationLog: (r) => records.push(r),
    },
  );
  const authenticate = apiKeyAuthenticator([
    { key: ALICE, subject: "alice" },
    { key: BOB, subject: "bob" },
  ]);
  http = await createHttpServer({ endpoint, authenticate });
  ws = await createWebSocketServer({ endpoint, authenticate });
});

afterAll(async () => {
  await http.close();
  await ws.close();
  await endpoint.close();
});

describe("rate limits", () => {
  it("answers HTTP 429 with Retry-After before serving, per caller", async () => {
    const transport = new StreamableHTTPClientTransport(http.url, {
      requestInit: { headers: bearer(ALICE) },
    });
    const client = new Client({ name: "alice", version: "0" });
    await client.connect(transport);
    await client.callTool({ name: "echo", arguments: {} });
    await client.callTool({ name: "echo", arguments: {} });
    const before = served;
    const response = await fetch(http.url, {
      method: "POST",
      headers: {
        ...bearer(ALICE),
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-session-id": transport.sessionId as string,
        "mcp-protocol-version": "2025-11-25",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 9,
        method: "tools/call",
        params: { name: "echo", arguments: {} },
      }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(served).toBe(before);
    await client.close();
  });

  it("answers -32029 with retryAfterMs on WebSocket; another caller has its own bucket", async () => {
    const alice = new Client({ name: "alice", version: "0" });
    await alice.connect(new WebSocketClientTransport(ws.url, { headers: bearer(ALICE) }));
    const refused = await alice.callTool({ name: "echo", arguments: {} }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(McpError);
    expect((refused as McpError).code).toBe(RATE_LIMITED);
    expect((refused as McpError).data).toEqual({ retryAfterMs: expect.any(Number) });
    expect(records.at(-1)).toMatchObject({
      tool: "echo",
      outcome: "rate-limited",
      principal: { subject: "alice" },
    });
    await alice.close();
    const bob = new Client({ name: "bob", version: "0" });
    await bob.connect(new WebSocketClientTransport(ws.url, { headers: bearer(BOB) }));
    await expect(bob.callTool({ name: "echo", arguments: {} })).resolves.toEqual({ content: [] });
    await bob.close();
  });
});

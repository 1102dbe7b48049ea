import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import {
  InMemoryServerEventBus,
  Server as ModernServer,
  PROTOCOL_VERSION_META_KEY,
} from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { createMcpServer } from "../legacy/create-server.js";
import { ListenSlots } from "../shared/listen-slots.js";
import { createPlainBackend } from "../shared/plain-backend.js";
import { until } from "../shared/test-support.js";
import { publishBackendEvents } from "./backend-events.js";
import { createModernMcpServer } from "./modern-server.js";
import { modernEnvelope } from "./raw-requests.js";
import { serveChannel } from "./serve-channel.js";

const backend = createPlainBackend({
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

function serve(events?: InMemoryServerEventBus) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const served = serveChannel(serverSide, {
    ...(events ? { eventBus: events } : {}),
    createServer: () => createMcpServer(backend, { onInternalError: () => {} }),
    createModernServer: () => createModernMcpServer(backend, { onInternalError: () => {} }),
  });
  return { clientSide, served };
}

const envelope = modernEnvelope();

describe("serveChannel (one connection, the era its opening message picks)", () => {
  it("serves a 2025 client the router's 2025 face, message guard included", async () => {
    const { clientSide, served } = serve();
    const client = new Client({ name: "v1", version: "0" });
    await client.connect(clientSide);
    expect(client.getServerVersion()).toMatchObject({ name: "demo", version: "1.2.3" });
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["echo"]);
    expect(await client.callTool({ name: "echo", arguments: { text: "hi" } })).toEqual({
      content: [{ type: "text", text: "hi" }],
    });
    // The guard answers a bad argument with the failing path and no SDK prefix.
    await expect(client.callTool({ name: "echo", arguments: {} })).rejects.toThrow(/-32602/);
    await client.close();
    await served.closed;
  });

  it("serves 2026 requests on a connection that opens with the envelope", async () => {
    const { clientSide, served } = serve();
    const received: JSONRPCMessage[] = [];
    clientSide.onmessage = (message) => received.push(message);
    await clientSide.start();
    await clientSide.send({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: envelope } });
    await clientSide.send({
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "echo", arguments: { text: "modern" }, _meta: envelope },
    });
    await clientSide.send({ jsonrpc: "2.0", id: 3, method: "initialize", params: {} });
    await until(() => received.length === 3);
    const byId = new Map(received.map((message) => ["id" in message ? message.id : undefined, message]));
    expect(byId.get(1)).toMatchObject({ result: { resultType: "complete", tools: [{ name: "echo" }] } });
    expect(byId.get(2)).toMatchObject({ result: { content: [{ type: "text", text: "modern" }] } });
    // Pinned modern: a 2025 handshake is refused on this connection.
    expect(byId.get(3)).toMatchObject({ error: {} });
    await served.close();
    await served.closed;
  });

  it("bounds the SDK entry's answer to an opening message naming a 1 MB protocol version", async () => {
    const { clientSide, served } = serve();
    const received: JSONRPCMessage[] = [];
    clientSide.onmessage = (message) => received.push(message);
    await clientSide.start();
    const version = `9${"x\n".repeat(500_000)}`;
    const _meta = { ...envelope, [PROTOCOL_VERSION_META_KEY]: version };
    await clientSide.send({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta } });
    await until(() => received.length === 1);
    expect(received[0]).toMatchObject({ id: 1, error: { code: -32022 } });
    expect(JSON.stringify(received[0]).length).toBeLessThan(4000);
    await served.close();
  });

  it("holds every later request of a 2026-pinned connection to the 2026 edge rules", async () => {
    const { clientSide, served } = serve();
    const received: JSONRPCMessage[] = [];
    clientSide.onmessage = (message) => received.push(message);
    await clientSide.start();
    const meta = (version: string) => ({ ...envelope, [PROTOCOL_VERSION_META_KEY]: version });
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const requests = [
      { id: 1, method: "tools/list", params: { _meta: envelope } },
      { id: 2, method: "tools/list", params: { _meta: meta("2099-01-01") } },
      { id: 3, method: "tools/list", params: { _meta: meta("2025-11-25") } },
      { id: 4, method: "tools/list", params: {} },
      { id: 5, method: "tools/list", params: { cursor: 5, _meta: envelope } },
      { id: 6, method: "tools/call", params: { name: "echo", arguments: { text: deep }, _meta: envelope } },
      {
        id: 7,
        method: "tools/call",
        params: { name: "echo", arguments: { text: "x" }, inputResponses: "no", _meta: envelope },
      },
    ];
    for (const request of requests) await clientSide.send({ jsonrpc: "2.0", ...request } as JSONRPCMessage);
    await until(() => received.length === requests.length);
    const byId = new Map(received.map((message) => ["id" in message ? message.id : undefined, message]));
    expect(byId.get(1)).toMatchObject({ result: { tools: [{ name: "echo" }] } });
    expect(byId.get(2)).toMatchObject({ error: { code: -32022, data: { requested: "2099-01-01" } } });
    expect(byId.get(3)).toMatchObject({ error: { code: -32022, data: { requested: "2025-11-25" } } });
    expect(byId.get(4)).toMatchObject({ error: { code: -32022 } });
    expect(byId.get(5)).toMatchObject({
      error: {
        code: -32602,
        message: expect.stringMatching(/^Invalid params for tools\/list: params.cursor: /),
      },
    });
    expect(byId.get(6)).toMatchObject({
      error: { code: -32602, message: expect.stringMatching(/nested more than/) },
    });
    expect(byId.get(7)).toMatchObject({
      error: { code: -32602, message: expect.stringMatching(/inputResponses/) },
    });
    for (const message of received) expect(JSON.stringify(message).length).toBeLessThan(1000);
    await served.close();
  });

  it("shares an endpoint's listen slots across connections, giving them back on cancel and close", async () => {
    const slots = new ListenSlots(2);
    const connect = async () => {
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const served = serveChannel(serverSide, {
        listenSlots: slots,
        createServer: () => createMcpServer(backend, { onInternalError: () => {} }),
        createModernServer: () => createModernMcpServer(backend, { onInternalError: () => {} }),
      });
      const received: JSONRPCMessage[] = [];
      clientSide.onmessage = (message) => received.push(message);
      await clientSide.start();
      return { clientSide, served, received };
    };
    const listen = (id: string) =>
      ({
        jsonrpc: "2.0",
        id,
        method: "subscriptions/listen",
        params: { notifications: { toolsListChanged: true }, _meta: envelope },
      }) as JSONRPCMessage;
    const a = await connect();
    const b = await connect();
    await a.clientSide.send(listen("a1"));
    await b.clientSide.send(listen("b1"));
    await until(() => a.received.length === 1 && b.received.length === 1);
    expect(slots.open).toBe(2);
    await b.clientSide.send(listen("b2"));
    await until(() => b.received.length === 2);
    expect(b.received[1]).toMatchObject({
      id: "b2",
      error: { code: -32603, message: expect.stringMatching(/maxListenStreams/) },
    });
    await a.clientSide.send({
      jsonrpc: "2.0",
      method: "notifications/cancelled",
      params: { requestId: "a1" },
    });
    await until(() => slots.open === 1);
    await b.clientSide.send(listen("b3"));
    await until(() => b.received.length === 3);
    expect(b.received[2]).toMatchObject({ method: "notifications/subscriptions/acknowledged" });
    await b.served.close();
    await until(() => slots.open === 0);
    await a.served.close();
  });

  it("delivers backend list changes to a 2026 subscriptions/listen subscription", async () => {
    const bus = new InMemoryServerEventBus();
    const stop = publishBackendEvents(backend, bus);
    const { clientSide, served } = serve(bus);
    const received: JSONRPCMessage[] = [];
    clientSide.onmessage = (message) => received.push(message);
    await clientSide.start();
    await clientSide.send({
      jsonrpc: "2.0",
      id: "listen-1",
      method: "subscriptions/listen",
      params: { notifications: { toolsListChanged: true }, _meta: envelope },
    });
    await until(() => received.length === 1);
    expect(received[0]).toMatchObject({ method: "notifications/subscriptions/acknowledged" });
    backend.setTools([
      ...backend.listTools().map((tool) => ({ ...tool, call: async () => ({ content: [] }) })),
    ]);
    await until(() => received.length === 2);
    expect(received[1]).toMatchObject({ method: "notifications/tools/list_changed" });
    stop();
    await served.close();
  });

  it("hands a 2026 server the connection's authInfo", async () => {
    const whoami = () => {
      const server = new ModernServer({ name: "who", version: "0" }, { capabilities: { tools: {} } });
      server.setRequestHandler("tools/call", async (_request, context) => ({
        content: [{ type: "text" as const, text: context.http?.authInfo?.clientId ?? "anonymous" }],
      }));
      return server;
    };
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const served = serveChannel(serverSide, {
      createServer: () => createMcpServer(backend, { onInternalError: () => {} }),
      createModernServer: whoami,
    });
    const received: JSONRPCMessage[] = [];
    clientSide.onmessage = (message) => received.push(message);
    await clientSide.start();
    const authInfo = { token: "t", clientId: "alice", scopes: [] };
    await clientSide.send(
      { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "x", arguments: {}, _meta: envelope } },
      { authInfo },
    );
    await until(() => received.length === 1);
    expect(received[0]).toMatchObject({ result: { content: [{ text: "alice" }] } });
    await served.close();
  });
});

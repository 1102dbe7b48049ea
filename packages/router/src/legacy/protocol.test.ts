import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  ErrorCode,
  type JSONRPCMessage,
  JSONRPCMessageSchema,
  LATEST_PROTOCOL_VERSION,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { createPlainBackend } from "../shared/plain-backend.js";
import { settle } from "../shared/test-support.js";
import { createMcpServer } from "./create-server.js";

const backend = createPlainBackend({
  name: "raw",
  version: "1",
  tools: [
    {
      name: "echo",
      inputSchema: { type: "object", properties: { text: { type: "string" } } },
      call: (args) => ({ content: [{ type: "text", text: String(args.text) }] }),
    },
    {
      name: "refuse",
      inputSchema: { type: "object" },
      call: () => {
        throw new McpError(ErrorCode.InvalidParams, "No note x", { id: "x" });
      },
    },
  ],
});

/** A raw JSON-RPC peer: sends whatever it is given and records every message it gets back. */
async function rawPeer() {
  const [peer, serverSide] = InMemoryTransport.createLinkedPair();
  const received: JSONRPCMessage[] = [];
  peer.onmessage = (message) => received.push(message);
  const server = createMcpServer(backend);
  const errors: Error[] = [];
  server.onerror = (error) => errors.push(error);
  await server.connect(serverSide);
  await peer.start();
  const send = async (message: unknown) => {
    await peer.send(message as JSONRPCMessage);
    await settle();
  };
  const initialize = (protocolVersion: string) =>
    send({
      jsonrpc: "2.0",
      id: "init",
      method: "initialize",
      params: { protocolVersion, capabilities: {}, clientInfo: { name: "raw", version: "0" } },
    });
  return { peer, received, send, initialize, errors, close: () => peer.close() };
}

type Peer = Awaited<ReturnType<typeof rawPeer>>;
let peer: Peer;
afterEach(async () => peer?.close());

function responseTo(id: string | number) {
  return peer.received.find((m) => "id" in m && m.id === id) as
    | { result?: Record<string, unknown>; error?: { code: number; message: string } }
    | undefined;
}

describe("initialize", () => {
  it.each(["2025-11-25", "2025-06-18", "2025-03-26"])("negotiates %s", async (version) => {
    peer = await rawPeer();
    await peer.initialize(version);
    expect(responseTo("init")?.result?.protocolVersion).toBe(version);
  });

  it("answers an unknown version with the newest it supports", async () => {
    peer = await rawPeer();
    await peer.initialize("1999-01-01");
    expect(responseTo("init")?.result?.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
  });

  it("rejects an initialize without clientInfo with -32602", async () => {
    peer = await rawPeer();
    await peer.send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25" },
    });
    expect(responseTo(1)?.error).toMatchObject({
      code: ErrorCode.InvalidParams,
      message: expect.stringContaining("Invalid params for initialize: params.capabilities"),
    });
  });
});

describe("JSON-RPC errors", () => {
  it("answers ping and unknown or unadvertised methods with -32601", async () => {
    peer = await rawPeer();
    await peer.initialize("2025-11-25");
    await peer.send({ jsonrpc: "2.0", id: 1, method: "ping" });
    await peer.send({ jsonrpc: "2.0", id: 2, method: "no/such/method", params: {} });
    await peer.send({ jsonrpc: "2.0", id: 3, method: "prompts/list" });
    await peer.send({ jsonrpc: "2.0", id: 4, method: "completion/complete", params: {} });
    expect(responseTo(1)?.result).toEqual({});
    for (const id of [2, 3, 4]) expect(responseTo(id)?.error?.code).toBe(ErrorCode.MethodNotFound);
  });

  it("answers params that break the MCP schema with -32602, not -32603", async () => {
    peer = await rawPeer();
    await peer.initialize("2025-11-25");
    await peer.send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: 42 } });
    await peer.send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: { cursor: 7 } });
    await peer.send({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "echo", arguments: [] } });
    for (const id of [1, 2, 3]) expect(responseTo(id)?.error?.code).toBe(ErrorCode.InvalidParams);
    expect(responseTo(1)?.error?.message).toMatch(/^Invalid params for tools\/call: params\.name: /);
  });

  it("answers messages that are not JSON-RPC with -32600, keeping a usable id", async () => {
    peer = await rawPeer();
    await peer.send({ jsonrpc: "1.0", id: 9, method: "ping" });
    await peer.send({ jsonrpc: "2.0", id: 10, method: "ping", extra: true });
    await peer.send({ jsonrpc: "2.0", id: 1.5, method: "ping" });
    await peer.send([{ jsonrpc: "2.0", id: 11, method: "ping" }]);
    await peer.send("hello");
    expect(responseTo(9)?.error?.code).toBe(ErrorCode.InvalidRequest);
    expect(responseTo(10)?.error?.message).toContain('unexpected member "extra"');
    const anonymous = peer.received.filter((m) => !("id" in m));
    expect(anonymous).toHaveLength(3);
    for (const message of peer.received) expect(JSONRPCMessageSchema.safeParse(message).success).toBe(true);
  });

  it("never answers a malformed response, so peers cannot ping-pong errors", async () => {
    peer = await rawPeer();
    await peer.send({ jsonrpc: "2.0", id: 5, result: "not an object" });
    await peer.send({ jsonrpc: "2.0", id: 6, error: { code: "x" } });
    expect(peer.received).toEqual([]);
    expect(peer.errors.map((e) => e.message)).toContain(
      "[@wasi-mcp/router] dropped an invalid JSON-RPC response",
    );
  });

  it("serves requests that arrive before initialize", async () => {
    peer = await rawPeer();
    await peer.send({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "echo", arguments: { text: "early" } },
    });
    expect(responseTo(1)?.result).toEqual({ content: [{ type: "text", text: "early" }] });
  });
});

describe("error messages", () => {
  it("cut client-supplied names so a huge name is not echoed back whole", async () => {
    peer = await rawPeer();
    const name = "n".repeat(50_000);
    await peer.send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: {} } });
    const message = responseTo(1)?.error?.message ?? "";
    expect(message).toMatch(/^Unknown tool: n{200}… \(\d+ more characters\)$/);
  });

  it("carry no `MCP error <code>:` prefix, from the backend, the router or the SDK itself", async () => {
    peer = await rawPeer();
    await peer.initialize(LATEST_PROTOCOL_VERSION);
    await peer.send({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "refuse", arguments: {} },
    });
    await peer.send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "nope", arguments: {} } });
    await peer.send({ jsonrpc: "2.0", id: 3, method: "no/such/method", params: {} });
    expect(responseTo(1)?.error).toEqual({
      code: ErrorCode.InvalidParams,
      message: "No note x",
      data: { id: "x" },
    });
    expect(responseTo(2)?.error).toMatchObject({
      code: ErrorCode.InvalidParams,
      message: "Unknown tool: nope",
    });
    expect(responseTo(3)?.error).toMatchObject({
      code: ErrorCode.MethodNotFound,
      message: "Method not found",
    });
  });
});

// The broker's limits, against real SDK servers over in-memory transports.
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { type ClientTransportFactory, McpClientBroker } from "./mcp-client-broker.js";

/** A server whose tool list never ends (or repeats a cursor) and whose `stall` tool never answers. */
function endlessServer(repeat = false): ClientTransportFactory {
  return async () => {
    const server = new Server({ name: "endless", version: "1" }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async (request) => {
      const page = Number(request.params?.cursor ?? 0);
      return {
        tools: [{ name: `t${page}`, inputSchema: { type: "object" as const } }],
        nextCursor: repeat ? "same" : String(page + 1),
      };
    });
    server.setRequestHandler(CallToolRequestSchema, () => new Promise(() => {}));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    return clientSide;
  };
}

const CLIENT_INFO = { name: "guest", version: "1" };

async function open(broker: McpClientBroker): Promise<number> {
  const id = (await broker.handle("connect", ["up"])) as number;
  await broker.handle("initialize", [id, CLIENT_INFO]);
  return id;
}

describe("McpClientBroker limits", () => {
  it("refuses a connection past clientLimits.maxConnections until one is closed", async () => {
    const broker = new McpClientBroker("c", { up: endlessServer() }, { maxConnections: 2 });
    try {
      const first = await open(broker);
      await open(broker);
      await expect(broker.handle("connect", ["up"])).rejects.toMatchObject({
        error: { code: "unauthorized", message: expect.stringContaining("clientLimits.maxConnections") },
      });
      await broker.handle("disconnect", [first]);
      await open(broker);
    } finally {
      await broker.close();
    }
  });

  it("stops following cursors after clientLimits.maxPages, and at a repeated cursor", async () => {
    const broker = new McpClientBroker(
      "c",
      { up: endlessServer(), again: endlessServer(true) },
      { maxPages: 5 },
    );
    try {
      const id = await open(broker);
      await expect(broker.handle("list-tools", [id])).rejects.toMatchObject({
        error: {
          code: "internal-error",
          message: expect.stringContaining("past 5 pages (clientLimits.maxPages)"),
        },
      });
      const again = (await broker.handle("connect", ["again"])) as number;
      await broker.handle("initialize", [again, CLIENT_INFO]);
      await expect(broker.handle("list-tools", [again])).rejects.toMatchObject({
        error: { message: "the server repeated a list cursor" },
      });
    } finally {
      await broker.close();
    }
  });

  it("answers timeout when an operation takes longer than clientLimits.timeoutMs", async () => {
    const broker = new McpClientBroker("c", { up: endlessServer() }, { timeoutMs: 200 });
    try {
      const id = await open(broker);
      const started = performance.now();
      await expect(broker.handle("call-tool", [id, "stall", "{}"])).rejects.toMatchObject({
        error: { code: "timeout" },
      });
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      await broker.close();
    }
  });

  it("refuses limits that are not positive", () => {
    expect(() => new McpClientBroker("c", {}, { maxPages: 0 })).toThrow(
      /clientLimits\.maxPages must be positive/,
    );
  });
});

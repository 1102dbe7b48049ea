// The WebSocket server takes the router's endpoint object; both revisions through it are run by
// the transport battery and the interop matrix in @wasi-mcp/test-kit (test/ws.test.ts,
// test/interop.test.ts). Here: what belongs to the endpoint is refused beside it.
import { createMcpEndpoint, createPlainBackend } from "@wasi-mcp/router";
import { describe, expect, it } from "vitest";
import { testServer } from "./test-support.js";
import { createWebSocketServer } from "./websocket-server.js";

describe("createWebSocketServer({ endpoint })", () => {
  it("refuses the factory options beside an endpoint, and a server given neither", async () => {
    const endpoint = createMcpEndpoint(createPlainBackend({ name: "e", version: "0" }));
    try {
      await expect(createWebSocketServer({ endpoint, eventBus: endpoint.eventBus })).rejects.toThrow(
        /eventBus belongs to the endpoint/,
      );
      await expect(createWebSocketServer({ endpoint, createServer: () => testServer() })).rejects.toThrow(
        /createServer belongs to the endpoint/,
      );
      await expect(createWebSocketServer({})).rejects.toThrow(/give an endpoint/);
    } finally {
      await endpoint.close();
    }
  });
});

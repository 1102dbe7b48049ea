import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { createWebSocketServer, WebSocketClientTransport } from "@wasi-mcp/transport-ws";
import type { ServerFixture, TransportUnderTest } from "../src/index.js";
import { runTransportSuite } from "../src/index.js";

/** WebSocket, in-process server on a real socket; each client is its own connection and session. */
const wsTransport: TransportUnderTest = {
  name: "WebSocket",
  concurrentClients: true,
  async start(fixture: ServerFixture) {
    const instance = await fixture.setup();
    const server = await createWebSocketServer({
      endpoint: instance.endpoint,
    });
    return {
      clientTransport: () => new WebSocketClientTransport(server.url),
      async assertHealthy() {
        const probe = new Client({ name: "probe", version: "0" });
        await probe.connect(new WebSocketClientTransport(server.url));
        await probe.ping();
        await probe.close();
      },
      async close() {
        await server.close();
        await instance.close();
      },
    };
  },
};

runTransportSuite(wsTransport);

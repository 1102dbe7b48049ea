import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createHttpServer } from "@wasi-mcp/transport-http";
import type { ServerFixture, TransportUnderTest } from "../src/index.js";
import { runTransportSuite } from "../src/index.js";

/** Streamable HTTP, in-process server on a real socket; each client opens its own session. */
function httpTransport(responseMode: "sse" | "json"): TransportUnderTest {
  return {
    name: `Streamable HTTP (${responseMode})`,
    concurrentClients: true,
    async start(fixture: ServerFixture) {
      const instance = await fixture.setup();
      const server = await createHttpServer({
        endpoint: instance.endpoint,
        responseMode,
      });
      return {
        clientTransport: () => new StreamableHTTPClientTransport(server.url),
        async assertHealthy() {
          const probe = new Client({ name: "probe", version: "0" });
          await probe.connect(new StreamableHTTPClientTransport(server.url));
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
}

runTransportSuite(httpTransport("sse"));
runTransportSuite(httpTransport("json"));

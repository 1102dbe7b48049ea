// A stdio MCP server process serving one battery fixture (both protocol eras): `node fixture-server.js <fixture-id>`.
// stdout carries protocol bytes only; it exits 0 once the client closes stdin (or on SIGTERM)
// and every in-flight call has been answered or cancelled, non-zero on any failure.
import { StdioServerTransport } from "@wasi-mcp/transport-stdio";
import { FIXTURES, type FixtureId } from "./fixtures.js";

const id = process.argv[2] as FixtureId;
const fixture = FIXTURES[id];
if (!fixture) {
  process.stderr.write(
    `[@wasi-mcp/test-kit] unknown fixture "${id}"; expected ${Object.keys(FIXTURES).join(", ")}\n`,
  );
  process.exit(2);
}
const instance = await fixture.setup();
// Both eras, as `serveStdio` of @wasi-mcp/host serves them: the opening message picks one.
const served = instance.endpoint.serveChannel(new StdioServerTransport());
process.once("SIGTERM", () => void served.close());
await served.closed;
await instance.close();
process.exit(0);

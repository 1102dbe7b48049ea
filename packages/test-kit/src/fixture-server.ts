// A stdio MCP server process serving one battery fixture: `node fixture-server.js <fixture-id>`.
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
const server = instance.createServer();
const closed = new Promise<void>((resolve) => {
  server.onclose = () => resolve();
});
await server.connect(new StdioServerTransport());
process.once("SIGTERM", () => void server.close());
await closed;
await instance.close();
process.exit(0);

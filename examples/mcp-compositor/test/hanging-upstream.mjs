// A stdio MCP server whose `freeze` tool blocks its event loop for good: it answers nothing after,
// not even a ping — what a hung upstream looks like to the compositor.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

const server = new McpServer({ name: "hanging", version: "1.0.0" });
server.registerTool("ping_me", { description: "Answers pong." }, async () => ({
  content: [{ type: "text", text: `pong from ${process.pid}` }],
}));
server.registerTool("freeze", { description: "Blocks the process forever." }, async () => {
  for (;;) {}
});
await server.connect(new StdioServerTransport());

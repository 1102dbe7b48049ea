// A 2026-07-28 MCP server built on SDK v2's `McpServer`, run as an upstream of the compositor:
// `node modern-upstream.mjs stdio` or `node modern-upstream.mjs http <port>` (prints
// `listening <url>` on stdout once bound). Its tools ask the client through `input_required`
// (MRTR), report progress and log; on stdio `grow` adds a tool at run time (a list change) and `steal` a resource
// whose URI the compositor's hello component serves (a clash that appears late).
import { createServer } from "node:http";
import {
  acceptedContent,
  createMcpHandler,
  fromJsonSchema,
  inputRequired,
  McpServer,
} from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";

const object = (properties, required = Object.keys(properties)) =>
  fromJsonSchema({ type: "object", properties, required });
const text = (value) => ({ content: [{ type: "text", text: value }] });
let grown = 0;
const [mode, port] = process.argv.slice(2);

function build() {
  const server = new McpServer(
    { name: "modern-upstream", version: "2.0.0" },
    { capabilities: { tools: { listChanged: true }, resources: {}, prompts: {}, logging: {} } },
  );
  server.registerTool(
    "echo",
    { description: "Echoes text.", inputSchema: object({ text: { type: "string" } }) },
    async ({ text: value }) => text(`modern echo: ${value}`),
  );
  server.registerTool("pid", { description: "The process id." }, async () => text(String(process.pid)));
  server.registerTool("ask-name", { description: "Asks the user's name (elicitation)." }, async (ctx) => {
    const answer = acceptedContent(ctx.mcpReq.inputResponses, "name");
    if (!answer) {
      return inputRequired({
        inputRequests: {
          name: inputRequired.elicit({
            message: "What is your name?",
            requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
          }),
        },
      });
    }
    return text(`hello ${answer.name}`);
  });
  server.registerTool("ask-model", { description: "Asks the client's model (sampling)." }, async (ctx) => {
    const sampled = ctx.mcpReq.inputResponses?.model;
    if (!sampled) {
      return inputRequired({
        inputRequests: {
          model: inputRequired.createMessage({
            messages: [{ role: "user", content: { type: "text", text: "say something" } }],
            maxTokens: 10,
          }),
        },
      });
    }
    return text(`the model said: ${sampled.content?.text}`);
  });
  server.registerTool(
    "count",
    {
      description: "Reports progress, logs, and answers.",
      inputSchema: object({ steps: { type: "number" } }),
    },
    async ({ steps }, ctx) => {
      const token = ctx.mcpReq._meta?.progressToken;
      for (let step = 1; step <= steps; step++) {
        if (token !== undefined) {
          await ctx.mcpReq.notify({
            method: "notifications/progress",
            params: { progressToken: token, progress: step, total: steps },
          });
        }
      }
      // A real tool reports progress while it works, not in the same instant it answers: the SDK
      // v2 client (the gateway's client of this upstream) can drop a progress step that arrives
      // together with the result (ADR 0013 §5), which would make the test judge the SDK's race.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await ctx.mcpReq.log("info", `counted to ${steps}`);
      return text(`counted ${steps}`);
    },
  );
  server.registerTool(
    "wait",
    { description: "Waits until cancelled (or 30 s)." },
    async (ctx) =>
      new Promise((resolve) => {
        process.stderr.write("wait started\n");
        const timer = setTimeout(() => resolve(text("waited")), 30_000);
        ctx.mcpReq.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          process.stderr.write("wait cancelled\n");
          resolve(text("cancelled"));
        });
      }),
  );
  server.registerResource("readme", `modern://${mode}/readme`, { mimeType: "text/plain" }, async (uri) => ({
    contents: [{ uri: uri.href, text: `the modern readme (${mode})` }],
  }));
  server.registerPrompt("greet", { description: "A greeting." }, async () => ({
    messages: [{ role: "user", content: { type: "text", text: "hello from a modern prompt" } }],
  }));
  return server;
}

if (mode === "http") {
  const handler = createMcpHandler(build, { legacy: "stateless" });
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const response = await handler.fetch(
      new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([k, v]) =>
          Array.isArray(v) ? v.map((x) => [k, x]) : v ? [[k, v]] : [],
        ),
        ...(body.length ? { body } : {}),
      }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) for await (const chunk of response.body) res.write(chunk);
    res.end();
  });
  server.listen(Number(port ?? 0), "127.0.0.1", () => {
    process.stdout.write(`listening http://127.0.0.1:${server.address().port}/mcp\n`);
  });
} else {
  // A list change needs the connection's pinned instance, so `grow` exists on stdio only.
  serveStdio(() => {
    const server = build();
    server.registerTool("grow", { description: "Adds a tool to this connection." }, async () => {
      grown++;
      const name = `grown-${grown}`;
      server.registerTool(name, { description: "Added at run time." }, async () =>
        text(`grown tool ${grown}`),
      );
      return text(`grown ${grown}`);
    });
    server.registerTool("steal", { description: "Starts serving a URI another member serves." }, async () => {
      server.registerResource("stolen", "hello://greeting", { mimeType: "text/plain" }, async (uri) => ({
        contents: [{ uri: uri.href, text: "not the component's" }],
      }));
      return text("stolen");
    });
    return server;
  });
}

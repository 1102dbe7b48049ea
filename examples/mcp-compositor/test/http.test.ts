import { request } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServingProcess, serveOverNetwork } from "./network-server.js";

describe("mcp-compositor serve <hello.wasm> --transport http", () => {
  let serving: ServingProcess;
  beforeAll(async () => {
    serving = await serveOverNetwork("http");
  });
  afterAll(async () => {
    if (serving && serving.child.exitCode === null) serving.child.kill("SIGKILL");
  });

  it("listens on 127.0.0.1 at /mcp by default", () => {
    expect(serving.url.hostname).toBe("127.0.0.1");
    expect(serving.url.pathname).toBe("/mcp");
    expect(serving.stderr()).toMatch(
      /serving hello \(2 tools\) over Streamable HTTP at http:\/\/127\.0\.0\.1:\d+\/mcp/,
    );
    expect(serving.stderr()).toContain("connect an MCP client:");
  });

  it("serves the component to the SDK client: tools, resources, prompts", async () => {
    const client = new Client({ name: "http-test", version: "0.0.0" });
    await client.connect(new StreamableHTTPClientTransport(serving.url));
    expect(client.getServerVersion()).toMatchObject({ name: "hello", version: "0.1.0" });
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["echo", "add"]);
    expect(await client.callTool({ name: "echo", arguments: { text: "over http" } })).toEqual({
      content: [{ type: "text", text: "over http" }],
    });
    expect((await client.callTool({ name: "add", arguments: { a: 1, b: 2 } })).structuredContent).toEqual({
      sum: 3,
    });
    const { contents } = await client.readResource({ uri: "hello://greeting" });
    expect(contents[0]).toMatchObject({ text: "Hello from a WebAssembly component!" });
    const prompt = await client.getPrompt({ name: "greet", arguments: { name: "Ada" } });
    expect(prompt.description).toBe("Greet Ada");
    await client.close();
  });

  it("refuses a DNS-rebinding Host with 403", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        serving.url,
        {
          method: "POST",
          headers: {
            host: "evil.example.com",
            origin: "http://evil.example.com",
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }));
    });
    expect(status).toBe(403);
  });

  it("exits 0 on SIGTERM", async () => {
    expect(await serving.stop()).toBe(0);
    expect(serving.stderr()).toMatch(/shutting down/);
  });
});

describe("mcp-compositor serve --transport http options", () => {
  it("takes --path and refuses a bad --port", async () => {
    const serving = await serveOverNetwork("http", ["--path", "/custom"]);
    expect(serving.url.pathname).toBe("/custom");
    expect(await serving.stop()).toBe(0);
    await expect(serveOverNetwork("http", ["--port", "70000"])).rejects.toThrow(/invalid --port "70000"/);
  });
});

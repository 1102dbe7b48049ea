// The front door through the CLI: `auth` (static API keys, tool scopes) and `invocationLog` in a
// configuration file, served over Streamable HTTP by `mcp-compositor serve --config`, with the SDK
// client and raw requests.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type ServerProcess, startServerProcess } from "@wasi-mcp/test-kit/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, hello } from "./network-server.js";

const KEYS = [
  { key: "key-of-the-reader-0123456789", subject: "reader", scopes: [] },
  { key: "key-of-the-adder-0123456789", subject: "adder", scopes: ["math"] },
];

describe("mcp-compositor serve --config with auth and invocationLog", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), "compositor-door-")), "config.json");
    writeFileSync(
      file,
      JSON.stringify({
        components: [{ path: hello }],
        transport: { type: "http", port: 0 },
        auth: { apiKeys: { env: "TEST_MCP_KEYS" }, toolScopes: { add: ["math"] } },
        invocationLog: { logArguments: ["echo"] },
        rateLimits: { tools: { echo: { perSecond: 0.001, burst: 2 } } },
      }),
    );
    server = await startServerProcess({
      name: "mcp-compositor",
      args: [cli, "serve", "--config", file],
      env: { TEST_MCP_KEYS: JSON.stringify(KEYS) },
    });
  });
  afterAll(async () => {
    await server?.stop(5_000);
  });

  const client = async (key: string) => {
    const c = new Client({ name: "door", version: "0" });
    await c.connect(
      new StreamableHTTPClientTransport(server.url as URL, {
        requestInit: { headers: { authorization: `Bearer ${key}` } },
      }),
    );
    return c;
  };

  it("answers a request without a listed key 401", async () => {
    for (const headers of [{}, { authorization: "Bearer key-of-nobody-0123456789" }]) {
      const response = await fetch(server.url as URL, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...headers,
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
    }
  });

  it("shows and allows each key the tools its scopes reach, and logs each call as one JSON line", async () => {
    const reader = await client(KEYS[0]?.key as string);
    expect((await reader.listTools()).tools.map((t) => t.name)).toEqual(["echo"]);
    await expect(reader.callTool({ name: "add", arguments: { a: 1, b: 2 } })).rejects.toThrow(/Unknown tool/);
    await reader.callTool({ name: "echo", arguments: { text: "visible" } });
    await reader.close();
    const adder = await client(KEYS[1]?.key as string);
    expect((await adder.listTools()).tools.map((t) => t.name)).toEqual(["echo", "add"]);
    expect((await adder.callTool({ name: "add", arguments: { a: 40, b: 2 } })).structuredContent).toEqual({
      sum: 42,
    });
    await adder.close();
    await expect.poll(() => records().length).toBe(3);
    expect(records()).toMatchObject([
      { method: "tools/call", tool: "add", outcome: "refused", principal: { subject: "reader" } },
      { tool: "echo", outcome: "ok", principal: { subject: "reader" }, arguments: { text: "visible" } },
      { tool: "add", outcome: "ok", principal: { subject: "adder", scopes: ["math"] } },
    ]);
    expect(records()[2]).not.toHaveProperty("arguments");
    expect(server.stderr()).not.toContain("key-of-the");
  });

  it("answers the third echo of a caller 429 with Retry-After (two were spent above)", async () => {
    const transport = new StreamableHTTPClientTransport(server.url as URL, {
      requestInit: { headers: { authorization: `Bearer ${KEYS[0]?.key}` } },
    });
    const reader = new Client({ name: "door", version: "0" });
    await reader.connect(transport);
    await reader.callTool({ name: "echo", arguments: { text: "second" } });
    await expect(reader.callTool({ name: "echo", arguments: { text: "third" } })).rejects.toThrow(
      /Too Many Requests/,
    );
    await reader.close();
  });

  function records(): Record<string, unknown>[] {
    return server
      .stderr()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { modernHeaders, modernRequest } from "@wasi-mcp/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everything, hello, type ServingProcess, serveOverNetwork } from "./network-server.js";

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
    expect(serving.stderr()).toContain(
      "speaks MCP 2025-11-25 (initialize, sessions) and 2026-07-28 (stateless, per-request _meta), chosen per request",
    );
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

describe("mcp-compositor serve --config with limits", () => {
  it("serves with the configuration's limits: maxSessions and maxMessageBytes", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "compositor-limits-")), "mcp-compositor.json");
    writeFileSync(
      file,
      JSON.stringify({ components: [{ path: hello }], limits: { maxSessions: 1, maxMessageBytes: 2_048 } }),
    );
    const serving = await serveOverNetwork("http", ["--config", file], null);
    try {
      const client = new Client({ name: "first", version: "0" });
      await client.connect(new StreamableHTTPClientTransport(serving.url));
      // The one session is taken: a second initialize is refused.
      const second = new Client({ name: "second", version: "0" });
      await expect(second.connect(new StreamableHTTPClientTransport(serving.url))).rejects.toThrow(
        /too many sessions/,
      );
      // A body over 2 KiB is refused (413); one under is served.
      await expect(client.callTool({ name: "echo", arguments: { text: "x".repeat(4_096) } })).rejects.toThrow(
        /Payload Too Large: request body exceeds 2048 bytes/,
      );
      const echoed = await client.callTool({ name: "echo", arguments: { text: "small" } });
      expect(JSON.stringify(echoed.content)).toContain("small");
      await client.close();
    } finally {
      await serving.stop();
    }
  });
});

describe("mcp-compositor serve --request-state-key-file", () => {
  it("lets two compositors sharing the key serve each other's MRTR retries", async () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), "compositor-key-")), "state.key");
    writeFileSync(keyFile, `${"5e".repeat(32)}\n`);
    const flags = ["--request-state-key-file", keyFile];
    const [first, second] = await Promise.all([
      serveOverNetwork("http", flags, everything),
      serveOverNetwork("http", flags, everything),
    ]);
    const call = async (serving: ServingProcess, extra: Record<string, unknown> = {}) => {
      const body = modernRequest(
        1,
        "tools/call",
        { name: "test_input_required_result_elicitation", arguments: {}, ...extra },
        { clientInfo: { name: "key-test", version: "0" }, capabilities: { elicitation: {} } },
      );
      const response = await fetch(serving.url, {
        method: "POST",
        headers: modernHeaders(body),
        body: JSON.stringify(body),
      });
      return (await response.json()) as { result?: Record<string, unknown>; error?: unknown };
    };
    try {
      const asked = await call(first);
      expect(asked.result).toMatchObject({ resultType: "input_required" });
      const [key] = Object.keys(asked.result?.inputRequests as Record<string, unknown>);
      const retried = await call(second, {
        inputResponses: { [String(key)]: { action: "accept", content: { name: "Ada" } } },
        requestState: asked.result?.requestState,
      });
      expect(retried.result).toMatchObject({ resultType: "complete", content: [{ text: "Hello, Ada!" }] });
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});

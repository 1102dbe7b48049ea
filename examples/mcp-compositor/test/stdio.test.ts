import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.js");
const hello = join(root, "..", "components", "hello", "dist", "hello.wasm");

describe("mcp-compositor serve <hello.wasm> over stdio", () => {
  const cacheDir = mkdtempSync(join(tmpdir(), "wasi-mcp-cli-test-"));
  let client: Client;
  let stderr = "";

  beforeAll(async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cli, "serve", hello, "--cache-dir", cacheDir],
      stderr: "pipe",
    });
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    client = new Client({ name: "stdio-test", version: "0.0.0" });
    await client.connect(transport);
  });

  afterAll(async () => {
    await client?.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it("initializes with the component's identity and instructions", () => {
    expect(client.getServerVersion()).toEqual({ name: "hello", version: "0.1.0", title: "Hello component" });
    expect(client.getInstructions()).toMatch(/echo and add/);
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, resources: {}, prompts: {} });
  });

  it("lists both tools with their input schemas", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["echo", "add"]);
    expect(tools[0]?.inputSchema).toEqual({
      type: "object",
      properties: { text: { type: "string", description: "Text to echo back" } },
      required: ["text"],
    });
    expect(tools[1]?.outputSchema).toMatchObject({ properties: { sum: { type: "number" } } });
    expect(tools[0]?.annotations).toEqual({ readOnlyHint: true, idempotentHint: true });
  });

  it("calls echo", async () => {
    const result = await client.callTool({ name: "echo", arguments: { text: "héllo, wasm 🦀" } });
    expect(result).toEqual({ content: [{ type: "text", text: "héllo, wasm 🦀" }] });
  });

  it("calls add, with structured content", async () => {
    const result = await client.callTool({ name: "add", arguments: { a: 2.5, b: 40 } });
    expect(result.content).toEqual([{ type: "text", text: "42.5" }]);
    expect(result.structuredContent).toEqual({ sum: 42.5 });
  });

  it("reads the greeting resource", async () => {
    expect(await client.listResources()).toEqual({
      resources: [
        {
          uri: "hello://greeting",
          name: "greeting",
          title: "Greeting",
          description: "A static greeting.",
          mimeType: "text/plain",
        },
      ],
    });
    const { contents } = await client.readResource({ uri: "hello://greeting" });
    expect(contents).toEqual([
      { uri: "hello://greeting", mimeType: "text/plain", text: "Hello from a WebAssembly component!" },
    ]);
  });

  it("gets the greet prompt", async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts[0]).toMatchObject({ name: "greet", arguments: [{ name: "name", required: true }] });
    const prompt = await client.getPrompt({ name: "greet", arguments: { name: "Ada" } });
    expect(prompt).toEqual({
      description: "Greet Ada",
      messages: [
        { role: "user", content: { type: "text", text: "Please greet Ada warmly, in one sentence." } },
      ],
    });
  });

  it("answers an unknown tool with invalid params", async () => {
    await expect(client.callTool({ name: "no_such_tool", arguments: {} })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
      message: expect.stringContaining("Unknown tool: no_such_tool"),
    });
  });

  it("answers arguments that break the schema with invalid params, and keeps serving", async () => {
    await expect(client.callTool({ name: "add", arguments: { a: 1 } })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
      message: expect.stringContaining("must have required property 'b'"),
    });
    expect((await client.callTool({ name: "add", arguments: { a: 1, b: 1 } })).structuredContent).toEqual({
      sum: 2,
    });
  });

  it("answers an unknown resource with the spec's resource-not-found error", async () => {
    await expect(client.readResource({ uri: "hello://nothing" })).rejects.toMatchObject({ code: -32002 });
  });

  it("logs for humans on stderr only", () => {
    expect(stderr).toMatch(/hello: 2 tools, 1 resource, 0 resource templates, 1 prompt; loaded in/);
    expect(stderr).toContain(
      "mcp-compositor: speaks MCP 2025-11-25 (initialize, sessions) and 2026-07-28 (stateless, per-request _meta), chosen by the connection's first message",
    );
  });
});

describe("mcp-compositor CLI errors", () => {
  it("names a missing component file and exits non-zero", async () => {
    const { spawnSync } = await import("node:child_process");
    const result = spawnSync(process.execPath, [cli, "serve", "does-not-exist.wasm"], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("mcp-compositor: error: does-not-exist.wasm: no such file");
  });
});

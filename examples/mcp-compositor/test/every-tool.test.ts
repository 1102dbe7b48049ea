// Every tool of every bundled example, called the way a client that read only `tools/list` would:
// with schema-valid, plausible arguments. Each call must answer a result — some with
// `isError: true`, the way MCP wants business failures (a missing note or file) reported — and
// never a JSON-RPC error, which client libraries raise as exceptions that agents often drop.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  CallToolResultSchema,
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plausibleArguments } from "./plausible-arguments.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.js");
const config = join(root, "examples.json");

/** Calls a tool that runs only as a task the way SDK v1 clients do, and returns its result. */
async function taskResult(client: Client, name: string, args: Record<string, unknown>) {
  for await (const message of client.experimental.tasks.callToolStream(
    { name, arguments: args },
    CallToolResultSchema,
    { task: {}, timeout: 60_000 },
  )) {
    if (message.type === "result") return message.result as { isError?: boolean };
    if (message.type === "error") throw message.error;
  }
  throw new Error(`${name}: no result`);
}

describe("every tool of the bundled examples (examples.json) answers a result", () => {
  const cacheDir = mkdtempSync(join(tmpdir(), "wasi-mcp-every-tool-"));
  let client: Client | undefined;
  let tools: Tool[] = [];

  beforeAll(async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cli, "serve", "--config", config, "--transport", "stdio", "--cache-dir", cacheDir],
      stderr: "ignore",
    });
    client = new Client(
      { name: "every-tool", version: "0.0.0" },
      { capabilities: { sampling: {}, elicitation: {}, roots: {} } },
    );
    client.setRequestHandler(CreateMessageRequestSchema, () => ({
      role: "assistant",
      content: { type: "text", text: "a sampled answer" },
      model: "test-model",
      stopReason: "endTurn",
    }));
    client.setRequestHandler(ElicitRequestSchema, () => ({ action: "decline" }));
    client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [] }));
    await client.connect(transport);
    ({ tools } = await client.listTools());
  }, 180_000);

  afterAll(async () => {
    await client?.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it("lists the tools of all four components", () => {
    const namespaces = new Set(tools.map((tool) => tool.name.split("__")[0]));
    expect([...namespaces].sort()).toEqual(["everything", "files", "hello", "notes"]);
  });

  it("answers every one with a result, never a protocol error", async () => {
    const outcomes: { tool: string; outcome: string }[] = [];
    for (const tool of tools) {
      const args = plausibleArguments(tool.inputSchema as Record<string, unknown>);
      const call =
        tool.execution?.taskSupport === "required"
          ? taskResult(client as Client, tool.name, args)
          : client?.callTool({ name: tool.name, arguments: args }, undefined, { timeout: 60_000 });
      const outcome = await call
        ?.then((result) => (result.isError ? "isError result" : "result"))
        .catch((error: Error) => `protocol error: ${error.message}`);
      outcomes.push({ tool: tool.name, outcome: outcome ?? "no client" });
    }
    // everything's protocol_error_job fails with a protocol error by design: it is the fixture of
    // the tasks-lifecycle scenario's failed task (docs/conformance.md).
    const byDesign = outcomes.filter(({ tool }) => tool === "everything__protocol_error_job");
    expect(byDesign.map(({ outcome }) => outcome.startsWith("protocol error"))).toEqual([true]);
    const others = outcomes.filter(({ tool }) => tool !== "everything__protocol_error_job");
    expect(others.filter(({ outcome }) => outcome.startsWith("protocol error"))).toEqual([]);
    // The business failures the examples report as results: a missing note, a missing file.
    expect(outcomes).toContainEqual({ tool: "notes__update_note", outcome: "isError result" });
    expect(outcomes).toContainEqual({ tool: "files__read_file", outcome: "isError result" });
  }, 300_000);
});

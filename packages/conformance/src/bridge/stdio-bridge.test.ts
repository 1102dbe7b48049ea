import { readdir, readFile } from "node:fs/promises";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  CreateMessageRequestSchema,
  LoggingMessageNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMPOSITOR_CLI, EVERYTHING_WASM } from "../paths.js";
import { createStdioBridge, type StdioBridge } from "./stdio-bridge.js";

// The real thing: each session runs `mcp-compositor serve everything.wasm` over stdio.
let bridge: StdioBridge;
const errors: Error[] = [];
beforeAll(async () => {
  bridge = await createStdioBridge({
    command: process.execPath,
    args: [COMPOSITOR_CLI, "serve", EVERYTHING_WASM],
    sessionIdleTimeoutMs: 500,
    onError: (error) => errors.push(error),
  });
});
afterAll(async () => {
  await bridge?.close();
});

const HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

async function post(body: unknown, session?: string): Promise<Response> {
  const headers = session
    ? { ...HEADERS, "mcp-session-id": session, "mcp-protocol-version": "2025-11-25" }
    : HEADERS;
  return fetch(bridge.url, { method: "POST", headers, body: JSON.stringify(body) });
}

/** Live child processes of this test running the compositor (Linux /proc). */
async function serverProcesses(): Promise<number> {
  let count = 0;
  for (const pid of await readdir("/proc").catch(() => [])) {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (parent !== process.pid) continue;
    const command = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (command.includes(COMPOSITOR_CLI)) count++;
  }
  return count;
}

/** The JSON-RPC messages of an SSE body (priming events, with empty data, left out). */
async function sseMessages(response: Response): Promise<Record<string, unknown>[]> {
  const text = await response.text();
  return text
    .split("\n\n")
    .flatMap((event) => event.split("\n").filter((line) => line.startsWith("data: ") && line.length > 6))
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}

describe("stdio→HTTP bridge", () => {
  it("relays the stdio server unchanged, a call's log messages on that call's own SSE stream", async () => {
    const init = await post({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
    });
    const session = init.headers.get("mcp-session-id") ?? "";
    const [initialized] = await sseMessages(init);
    expect(initialized).toMatchObject({
      id: 0,
      result: {
        protocolVersion: "2025-11-25",
        serverInfo: { name: "everything", version: "0.1.0" },
        capabilities: {
          tools: {},
          resources: { subscribe: true },
          prompts: {},
          logging: {},
          completions: {},
        },
      },
    });
    expect((await post({ jsonrpc: "2.0", method: "notifications/initialized" }, session)).status).toBe(202);
    await sseMessages(
      await post({ jsonrpc: "2.0", id: 1, method: "logging/setLevel", params: { level: "debug" } }, session),
    );
    const call = {
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "test_tool_with_logging", arguments: {} },
    };
    const messages = await sseMessages(await post(call, session));
    expect(messages.map((m) => (m.params as { data?: unknown } | undefined)?.data ?? m.result)).toEqual([
      "Tool execution started",
      "Tool processing data",
      "Tool execution completed",
      { content: [{ type: "text", text: "Tool with logging executed successfully" }] },
    ]);
    expect(errors).toEqual([]);
  });

  it("carries progress, sampling and its answer both ways for an SDK client", async () => {
    const client = new Client({ name: "bridge-test", version: "0" }, { capabilities: { sampling: {} } });
    const asked: unknown[] = [];
    client.setRequestHandler(CreateMessageRequestSchema, (request) => {
      asked.push(request.params.messages);
      return {
        role: "assistant",
        content: { type: "text", text: "from the client" },
        model: "m",
        stopReason: "endTurn",
      };
    });
    const logs: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params.data));
    const transport = new StreamableHTTPClientTransport(bridge.url);
    await client.connect(transport);
    try {
      const sampled = await client.callTool({ name: "test_sampling", arguments: { prompt: "Say hi" } });
      expect(sampled.content).toEqual([{ type: "text", text: "LLM response: from the client" }]);
      expect(asked).toEqual([[{ role: "user", content: { type: "text", text: "Say hi" } }]]);
      const progress: number[] = [];
      const result = await client.callTool({ name: "test_tool_with_progress", arguments: {} }, undefined, {
        onprogress: (p) => void progress.push(p.progress),
      });
      expect(progress).toEqual([0, 50, 100]);
      expect(result.content).toEqual([{ type: "text", text: expect.any(String) }]);
    } finally {
      await transport.terminateSession();
      await client.close();
    }
  });

  it("ends an idle session that never said goodbye, and its stdio server with it", async () => {
    const client = new Client({ name: "bridge-test", version: "0" });
    await client.connect(new StreamableHTTPClientTransport(bridge.url));
    expect(await client.ping()).toEqual({});
    expect(bridge.sessionCount).toBeGreaterThanOrEqual(1);
    await client.close(); // no DELETE, like the conformance suite
    const deadline = Date.now() + 10_000;
    while ((bridge.sessionCount > 0 || (await serverProcesses()) > 1) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(bridge.sessionCount).toBe(0);
    expect(await serverProcesses()).toBe(1); // the spare, started ahead for the next session
  });
});

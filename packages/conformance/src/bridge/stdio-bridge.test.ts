import { readdir, readFile } from "node:fs/promises";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  CreateMessageRequestSchema,
  LoggingMessageNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { initializeRequest, modernHeaders, modernRequest } from "@wasi-mcp/router";
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
    // Short, so the idle test below is quick; not so short that a loaded machine's gap between an
    // initialize answer and the client's next message (once > 500 ms in CI) ends a live session.
    sessionIdleTimeoutMs: 3_000,
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
    const init = await post(initializeRequest(0));
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
    const deadline = Date.now() + 30_000;
    while ((bridge.sessionCount > 0 || (await serverProcesses()) > 2) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(bridge.sessionCount).toBe(0);
    // The spare, started ahead for the next session, and the shared 2026 server.
    expect(await serverProcesses()).toBe(2);
  });
});

describe("stdio→HTTP bridge, MCP 2026-07-28 (one shared stdio server)", () => {
  const post2026 = (method: string, params: Record<string, unknown> = {}, id = 1) => {
    const request = modernRequest(id, method, params);
    return fetch(bridge.url, {
      method: "POST",
      headers: modernHeaders(request),
      body: JSON.stringify(request),
    });
  };

  it("keeps the 2026 HTTP status of a relayed error: 404 for -32601, 400 for -32021", async () => {
    for (const method of ["ping", "initialize", "unknown/method"]) {
      const response = await post2026(method, {}, 7);
      expect(response.status, method).toBe(404);
      expect(await response.json()).toMatchObject({ id: 7, error: { code: -32601 } });
    }
    const refused = await post2026("tools/call", { name: "test_missing_capability", arguments: {} });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { code: -32021, data: { requiredCapabilities: { sampling: {} } } },
    });
    // A handler's in-band error stays 200.
    const unknownTool = await post2026("tools/call", { name: "no_such_tool", arguments: {} });
    expect(unknownTool.status).toBe(200);
    expect(await unknownTool.json()).toMatchObject({ error: { code: -32602 } });
  });

  it("relays the stdio server's list changes to subscriptions/listen streams, by their filters", async () => {
    const listen = async (notifications: Record<string, boolean>) => {
      const controller = new AbortController();
      const request = modernRequest("l", "subscriptions/listen", { notifications });
      const response = await fetch(bridge.url, {
        method: "POST",
        signal: controller.signal,
        headers: modernHeaders(request),
        body: JSON.stringify(request),
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let text = "";
      const methods = async (count: number) => {
        const deadline = Date.now() + 10_000;
        for (;;) {
          const found = [...text.matchAll(/"method":"([^"]+)"/g)].map((m) => m[1]);
          if (found.length >= count || Date.now() > deadline) return found;
          const { value, done } = await reader.read();
          if (done) return found;
          text += new TextDecoder().decode(value);
        }
      };
      return { methods, stop: () => controller.abort() };
    };
    const tools = await listen({ toolsListChanged: true });
    const prompts = await listen({ promptsListChanged: true });
    try {
      expect(await tools.methods(1)).toEqual(["notifications/subscriptions/acknowledged"]);
      expect(await prompts.methods(1)).toEqual(["notifications/subscriptions/acknowledged"]);
      const changed = await post2026("tools/call", { name: "test_trigger_tool_change", arguments: {} });
      expect(await changed.json()).toMatchObject({
        result: { content: [{ text: "Registered tool test_dynamic_tool_1" }] },
      });
      expect(await tools.methods(2)).toEqual([
        "notifications/subscriptions/acknowledged",
        "notifications/tools/list_changed",
      ]);
      await post2026("tools/call", { name: "test_trigger_prompt_change", arguments: {} });
      // The prompts stream got its change, and never the tools one.
      expect(await prompts.methods(2)).toEqual([
        "notifications/subscriptions/acknowledged",
        "notifications/prompts/list_changed",
      ]);
    } finally {
      tools.stop();
      prompts.stop();
    }
  });
});

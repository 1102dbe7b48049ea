import { createMcpHandler, LOG_LEVEL_META_KEY } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { passesLogLevel } from "../shared/log-levels.js";
import { createPlainBackend } from "../shared/plain-backend.js";
import { requestAllowsNotification } from "./log-level-rule.js";
import { createModernMcpServer } from "./modern-server.js";
import { modernEnvelope } from "./raw-requests.js";

const backend = createPlainBackend({
  name: "logs",
  version: "1.0.0",
  logging: true,
  tools: [
    {
      name: "chatty",
      inputSchema: { type: "object" },
      call: async (_args, request) => {
        for (const level of ["debug", "info", "warning"] as const) {
          await request.notify?.({ method: "notifications/message", params: { level, data: level } });
        }
        await request.notify?.({
          method: "notifications/progress",
          params: { progressToken: "p", progress: 1, total: 1 },
        });
        return { content: [{ type: "text", text: "done" }] };
      },
    },
  ],
});

const handler = createMcpHandler(() => createModernMcpServer(backend, { onInternalError: () => {} }), {
  legacy: "reject",
});

/** Calls `chatty` on the 2026 wire; returns every JSON-RPC message of the answer (SSE or JSON). */
async function chatty(logLevel?: string): Promise<Record<string, unknown>[]> {
  const _meta = modernEnvelope({ extra: { progressToken: "p" } });
  if (logLevel !== undefined) _meta[LOG_LEVEL_META_KEY] = logLevel;
  const response = await handler.fetch(
    new Request("http://localhost/mcp", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2026-07-28",
        "mcp-method": "tools/call",
        "mcp-name": "chatty",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "chatty", arguments: {}, _meta },
      }),
    }),
  );
  const text = await response.text();
  if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) return [JSON.parse(text)];
  return text
    .split("\n")
    .filter((line) => line.startsWith("data:") && line.length > 5)
    .map((line) => JSON.parse(line.slice(5)) as Record<string, unknown>);
}

const logsOf = (messages: Record<string, unknown>[]) =>
  messages
    .filter((m) => m.method === "notifications/message")
    .map((m) => (m.params as { level: string }).level);

describe("logging on the 2026 face: only what the request's envelope asked for", () => {
  it("sends no notifications/message when the request set no log level, other notifications still", async () => {
    const messages = await chatty();
    expect(logsOf(messages)).toEqual([]);
    expect(messages.some((m) => m.method === "notifications/progress")).toBe(true);
    expect(messages.at(-1)).toMatchObject({ id: 1, result: { content: [{ text: "done" }] } });
  });

  it("sends the logs at or above the level the envelope set", async () => {
    expect(logsOf(await chatty("info"))).toEqual(["info", "warning"]);
    expect(logsOf(await chatty("debug"))).toEqual(["debug", "info", "warning"]);
  });

  it("passesLogLevel and requestAllowsNotification follow RFC 5424 severities", () => {
    expect(passesLogLevel("debug", undefined)).toBe(true);
    expect(passesLogLevel("notice", "warning")).toBe(false);
    expect(passesLogLevel("emergency", "warning")).toBe(true);
    const log = { method: "notifications/message", params: { level: "error", data: "x" } } as const;
    expect(requestAllowsNotification(log, undefined)).toBe(false);
    expect(requestAllowsNotification(log, { [LOG_LEVEL_META_KEY]: "not-a-level" })).toBe(false);
    expect(requestAllowsNotification(log, { [LOG_LEVEL_META_KEY]: "critical" })).toBe(false);
    expect(requestAllowsNotification(log, { [LOG_LEVEL_META_KEY]: "error" })).toBe(true);
    expect(requestAllowsNotification({ method: "notifications/tools/list_changed" }, undefined)).toBe(true);
  });
});

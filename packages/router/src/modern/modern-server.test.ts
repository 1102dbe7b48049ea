import { createMcpHandler, SERVER_INFO_META_KEY } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { createPlainBackend } from "../shared/plain-backend.js";
import { createModernMcpServer } from "./modern-server.js";
import { modernRequest } from "./raw-requests.js";

const backend = createPlainBackend({
  name: "demo",
  version: "1.2.3",
  tools: [
    {
      name: "add",
      inputSchema: {
        type: "object",
        properties: { a: { type: "number" }, b: { type: "number" } },
        required: ["a", "b"],
      },
      call: async ({ a, b }) => ({ content: [{ type: "text", text: String(Number(a) + Number(b)) }] }),
    },
  ],
  resources: [
    { uri: "demo://a", name: "a", read: async () => ({ contents: [{ uri: "demo://a", text: "A" }] }) },
  ],
  // Served on the 2025 face; the 2026 wire has no resources/subscribe.
  subscriptions: true,
});

const handler = createMcpHandler(() => createModernMcpServer(backend, { onInternalError: () => {} }), {
  legacy: "reject",
  responseMode: "json",
});

/** Posts one 2026-07-28 request (envelope in `_meta`, standard headers) and returns the JSON body. */
async function post(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const body = modernRequest(1, method, params);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": "2026-07-28",
    "mcp-method": method,
  };
  if (typeof params.name === "string") headers["mcp-name"] = params.name;
  if (typeof params.uri === "string") headers["mcp-name"] = params.uri;
  const response = await handler.fetch(
    new Request("http://localhost/mcp", { method: "POST", headers, body: JSON.stringify(body) }),
  );
  return (await response.json()) as Record<string, unknown>;
}

describe("createModernMcpServer (MCP 2026-07-28 through the SDK's createMcpHandler)", () => {
  it("answers server/discover with the backend's identity and capabilities", async () => {
    const { result } = await post("server/discover");
    expect(result).toMatchObject({
      supportedVersions: ["2026-07-28"],
      _meta: { [SERVER_INFO_META_KEY]: { name: "demo", version: "1.2.3" } },
      capabilities: { tools: {}, resources: {} },
    });
  });

  it("lists and calls tools with the router's validation, stamping resultType", async () => {
    const listed = await post("tools/list");
    expect(listed.result).toMatchObject({ resultType: "complete", tools: [{ name: "add" }] });
    const called = await post("tools/call", { name: "add", arguments: { a: 2, b: 3 } });
    expect(called.result).toMatchObject({ resultType: "complete", content: [{ type: "text", text: "5" }] });
    const invalid = await post("tools/call", { name: "add", arguments: { a: 2 } });
    expect(invalid.error).toMatchObject({ code: -32602 });
  });

  it("answers an unknown resource with -32602 (the 2026 code of resource-not-found) and its uri", async () => {
    const { error } = await post("resources/read", { uri: "demo://missing" });
    expect(error).toMatchObject({ code: -32602, data: { uri: "demo://missing" } });
  });

  it("sends error messages without the SDK v1 'MCP error <code>: ' prefix", async () => {
    const invalid = await post("tools/call", { name: "add", arguments: { a: 2 } });
    const unknown = await post("tools/call", { name: "nope", arguments: {} });
    const missing = await post("resources/read", { uri: "demo://missing" });
    for (const { error } of [invalid, unknown, missing]) {
      expect((error as { message: string }).message).not.toMatch(/^MCP error/);
    }
    expect(unknown.error).toMatchObject({ code: -32602, message: expect.stringContaining("nope") });
  });

  it("has no initialize, ping or resources/subscribe on the 2026 wire, whatever their params", async () => {
    const { error } = await post("ping");
    expect(error).toMatchObject({ code: -32601 });
    // The face's params screen must not answer a removed method -32602 before the era gate does.
    for (const method of ["resources/subscribe", "resources/unsubscribe"]) {
      expect((await post(method)).error, method).toMatchObject({ code: -32601 });
      expect((await post(method, { uri: "demo://a" })).error, method).toMatchObject({ code: -32601 });
    }
  });
});

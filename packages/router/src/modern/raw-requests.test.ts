import { PROTOCOL_VERSION_META_KEY } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { initializeRequest, modernEnvelope, modernHeaders, modernRequest } from "./raw-requests.js";

describe("raw request builders", () => {
  it("a 2026 request carries the envelope, and its own _meta entries win", () => {
    const request = modernRequest(
      7,
      "tools/call",
      { name: "echo", _meta: { progressToken: "p" } },
      {
        capabilities: { elicitation: {} },
      },
    );
    expect(request).toEqual({
      jsonrpc: "2.0",
      id: 7,
      method: "tools/call",
      params: {
        name: "echo",
        _meta: {
          "io.modelcontextprotocol/protocolVersion": "2026-07-28",
          "io.modelcontextprotocol/clientInfo": { name: "raw", version: "0" },
          "io.modelcontextprotocol/clientCapabilities": { elicitation: {} },
          progressToken: "p",
        },
      },
    });
    expect(modernEnvelope({ version: "2099-01-01" })[PROTOCOL_VERSION_META_KEY]).toBe("2099-01-01");
  });

  it("a 2025 initialize names its revision, capabilities and client", () => {
    expect(initializeRequest(0, { capabilities: { roots: {} } }).params).toEqual({
      protocolVersion: "2025-11-25",
      capabilities: { roots: {} },
      clientInfo: { name: "raw", version: "0" },
    });
  });

  it("a 2026 POST's headers name the revision, the method and the tool or resource", () => {
    expect(modernHeaders(modernRequest(1, "resources/read", { uri: "notes://a" }))).toEqual({
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2026-07-28",
      "mcp-method": "resources/read",
      "mcp-name": "notes://a",
    });
    const other = modernRequest(2, "tools/list", {}, { version: "2099-01-01" });
    expect(modernHeaders(other)).not.toHaveProperty("mcp-name");
    expect(modernHeaders(other)["mcp-protocol-version"]).toBe("2099-01-01");
  });
});

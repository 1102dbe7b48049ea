import { describe, expect, it } from "vitest";
import { decodeFrame } from "./framing.js";

describe("decodeFrame", () => {
  it("decodes a valid message", () => {
    expect(decodeFrame('{"jsonrpc":"2.0","id":1,"method":"ping"}')).toEqual({
      ok: true,
      message: { jsonrpc: "2.0", id: 1, method: "ping" },
    });
  });

  it("answers invalid JSON with -32700 and id null", () => {
    expect(decodeFrame("{")).toEqual({
      ok: false,
      reason: "invalid JSON",
      reply: { jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } },
    });
  });

  it("answers an invalid request with -32600 and its id; never answers an invalid response", () => {
    expect(decodeFrame('{"jsonrpc":"2.0","id":"a","method":1}')).toMatchObject({
      ok: false,
      reply: { id: "a", error: { code: -32600 } },
    });
    expect(decodeFrame('{"jsonrpc":"2.0","id":1,"result":"x"}')).toMatchObject({
      ok: false,
      reply: undefined,
    });
  });

  it("answers a JSON array (a batch, which MCP does not have) with one -32600 and id null", () => {
    const batch = JSON.stringify([{ jsonrpc: "2.0", id: 1, method: "ping" }]);
    for (const frame of [batch, "[1,2]", "[]"]) {
      expect(decodeFrame(frame)).toMatchObject({
        ok: false,
        reply: {
          jsonrpc: "2.0",
          id: null,
          error: { code: -32600, message: expect.stringMatching(/batches/) },
        },
      });
    }
  });
});

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { type Connected, connectComponent as connect } from "@wasi-mcp/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const wasm = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "tiny-wat.wasm");

describe("tiny-wat component (hand-written WAT) through the host", () => {
  let c: Connected;
  beforeAll(async () => {
    c = await connect(wasm);
  });
  afterAll(() => c?.close());

  it("is a small component", () => {
    expect(readFileSync(wasm).byteLength).toBeLessThan(32 * 1024);
  });

  it("registers its identity and one tool", async () => {
    expect(c.client.getServerVersion()).toEqual({ name: "tiny-wat", version: "0.1.0" });
    expect(c.client.getServerCapabilities()).toMatchObject({ tools: {} });
    expect((await c.client.listTools()).tools).toEqual([
      {
        name: "echo",
        description: "Returns its arguments object as JSON text.",
        inputSchema: { type: "object", properties: { text: { type: "string" } } },
      },
    ]);
  });

  it("echoes its arguments as JSON text, again and again (the heap is reset after each call)", async () => {
    for (const text of ["hello", "héllo 🦀", "x".repeat(200_000)]) {
      const result = await c.client.callTool({ name: "echo", arguments: { text } });
      expect(result.content).toEqual([{ type: "text", text: JSON.stringify({ text }) }]);
    }
    // 50 at once: within the host's default queue of 64 waiting calls.
    const many = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        c.client.callTool({ name: "echo", arguments: { text: String(i) } }),
      ),
    );
    expect(many.map((r) => (r.content as Array<{ text: string }>)[0]?.text)).toEqual(
      Array.from({ length: 50 }, (_, i) => JSON.stringify({ text: String(i) })),
    );
  });

  it("advertises no resources or prompts, so those methods are not found", async () => {
    await expect(c.client.readResource({ uri: "tiny://x" })).rejects.toMatchObject({
      code: ErrorCode.MethodNotFound,
    });
    await expect(c.client.getPrompt({ name: "p" })).rejects.toMatchObject({ code: ErrorCode.MethodNotFound });
  });

  it("rejects arguments that do not match the schema before reaching the component", async () => {
    await expect(c.client.callTool({ name: "echo", arguments: { text: 5 } })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
  });
});

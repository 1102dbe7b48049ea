// A kit-built component at a small memory cap serving many calls in a row, none of which may fail
// (issue 25); and its big results (the build's native string lowering). Its linear memory grows ≈ 0.3–0.4 KiB per call until the engine's first full GC, tens
// of MiB later (docs/reliability.md): from ≈ 10 MiB it passes a 14 MiB cap after ≈ 12 000 calls.
// The host retires the instance between calls at 80 % of its cap (`memoryHighWaterRatio`). Served
// by `mcp-compositor serve` over stdio to a real SDK client; `bench/memory-growth.js` runs 500 000.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD_AND_SERVE_BUDGET_MS, type BuiltComponent, buildAndServe } from "./built-component.js";

const CALLS = Number(process.env.WASI_MCP_MANY_CALLS ?? 16_000);

const SERVER = `
import { defineServer, tool } from "@wasi-mcp/guest";

export const { run, handlers } = defineServer({
  name: "echo",
  version: "1.0.0",
  tools: [
    tool({
      name: "echo",
      description: "Returns the text it is given.",
      input: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } as const,
      handler: ({ text }) => text,
    }),
    tool({
      name: "repeat",
      description: "Returns its text repeated.",
      input: {
        type: "object",
        properties: { text: { type: "string" }, times: { type: "integer" } },
        required: ["text", "times"],
      } as const,
      handler: ({ text, times }) => text.repeat(times),
    }),
  ],
});
`;

describe("a kit-built component serving many calls at a small memory cap", () => {
  let built: BuiltComponent | undefined;

  beforeAll(async () => {
    built = await buildAndServe(SERVER, ["-o", "server.wasm"], { memoryLimitBytes: 14 * 1024 * 1024 });
  }, BUILD_AND_SERVE_BUDGET_MS);

  afterAll(async () => {
    await built?.close();
  });

  it("returns big results whole, each character as sent, lowered natively", async () => {
    const client = built?.client;
    if (!client) throw new Error("the server was not built (see beforeAll)");
    // The build replaced ComponentizeJS's string encoder (an interpreted loop over each character).
    expect(built?.buildLog).toContain("string results lowered natively");
    for (const [text, times] of [
      ["x", 64 * 1024],
      ["é€😀", 10_000],
      ["a\ud800b", 3],
    ] as const) {
      const result = await client.callTool({ name: "repeat", arguments: { text, times } });
      // A lone surrogate cannot be UTF-8: it arrives as U+FFFD, as before the fix.
      const expected = text.replace("\ud800", "\ufffd").repeat(times);
      expect((result.content as { text?: string }[])[0]?.text).toBe(expected);
    }
  });

  it(`answers ${CALLS} calls in a row, none failing`, async () => {
    const client = built?.client;
    if (!client) throw new Error("the server was not built (see beforeAll)");
    const failures: string[] = [];
    for (let i = 0; i < CALLS; i++) {
      const text = `call ${i}`;
      try {
        const result = await client.callTool({ name: "echo", arguments: { text } });
        const content = result.content as { text?: string }[];
        if (result.isError || content[0]?.text !== text) failures.push(`${text}: ${JSON.stringify(result)}`);
      } catch (error) {
        failures.push(`${text}: ${(error as Error).message}`);
      }
    }
    expect(failures.slice(0, 3)).toEqual([]);
  }, 600_000);
});

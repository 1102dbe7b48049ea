import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// What an instance worker imports is most of its start time and memory (docs/benchmarks.md, P5/P6).
const worker = readFileSync(new URL("../dist/instance-worker.js", import.meta.url), "utf8");
const imported = [
  ...worker.matchAll(/^import\s[^;]*?from\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]/gm),
].map((match) => match[1] ?? match[2]);

describe("the instance worker bundle", () => {
  it("imports neither the MCP SDK's types, the router nor ajv's compiler", () => {
    expect(imported.length).toBeGreaterThan(0);
    expect(imported).not.toContain("@modelcontextprotocol/sdk/types.js");
    expect(imported.filter((specifier) => specifier?.startsWith("ajv"))).toEqual([]);
    expect(imported).not.toContain("@wasi-mcp/conversions");
    // The router imports both SDKs, zod and ajv: ≈ 19 MiB of heap in every instance worker.
    expect(imported).not.toContain("@wasi-mcp/router");
    expect(imported.filter((specifier) => specifier?.startsWith("@modelcontextprotocol/server"))).toEqual([]);
  });
});

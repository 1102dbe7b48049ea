import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { HostError } from "@wasi-mcp/conversions";
import { afterAll, describe, expect, it } from "vitest";
import { loadComponent } from "../dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const hello = join(here, "..", "..", "..", "examples", "components", "hello", "dist", "hello.wasm");
const request = { requestId: 1, signal: new AbortController().signal };

describe("loadComponent", () => {
  const cacheDirectory = mkdtempSync(join(tmpdir(), "wasi-mcp-host-test-"));
  afterAll(() => rmSync(cacheDirectory, { recursive: true, force: true }));

  it("transpiles on the first load and not on the second", async () => {
    const cold = await loadComponent(hello, { cacheDirectory });
    expect(cold.cached).toBe(false);
    expect(cold.timings.transpile).toBeGreaterThan(0);
    const warm = await loadComponent(hello, { cacheDirectory });
    expect(warm.cached).toBe(true);
    expect(warm.timings.transpile).toBe(0);
    expect(warm.name).toBe("hello");
  });

  it("caches glue that reads JCO_DEBUG once, not on every call", async () => {
    const { readdirSync } = await import("node:fs");
    const [entry] = readdirSync(join(cacheDirectory, "transpiled"));
    const glue = readFileSync(join(cacheDirectory, "transpiled", entry as string, "component.js"), "utf8");
    expect(glue).not.toContain("if (!globalThis?.process?.env?.JCO_DEBUG) { return; }");
    expect(glue.startsWith("const __wasiMcpJcoDebug")).toBe(true);
  });

  it("serves what the component registered", async () => {
    const { backend } = await loadComponent(hello, { cacheDirectory });
    expect(backend.identity()).toMatchObject({
      serverInfo: { name: "hello", version: "0.1.0" },
      capabilities: { tools: {}, resources: {}, prompts: {} },
    });
    expect(backend.listTools().map((t) => t.name)).toEqual(["echo", "add"]);
    expect(await backend.callTool("echo", { text: "x" }, request)).toEqual({
      content: [{ type: "text", text: "x" }],
    });
    expect(await backend.readResource("hello://greeting", request)).toMatchObject({
      contents: [{ text: "Hello from a WebAssembly component!" }],
    });
  });

  it("turns a guest error result into the matching JSON-RPC error", async () => {
    const { backend } = await loadComponent(hello, { cacheDirectory });
    const error = await backend.callTool("missing", {}, request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
    expect((error as McpError).message).toContain("Unknown tool: missing");
  });

  it("keeps serving many calls in order", async () => {
    const { backend } = await loadComponent(hello, { cacheDirectory });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => backend.callTool("add", { a: i, b: 1 }, request)),
    );
    expect(results.map((r) => r.structuredContent)).toEqual(
      Array.from({ length: 50 }, (_, i) => ({ sum: i + 1 })),
    );
  });

  it("names a missing file", async () => {
    await expect(loadComponent("nowhere/x.wasm", { cacheDirectory })).rejects.toThrow(
      "nowhere/x.wasm: no such file",
    );
  });

  it("rejects a file that is not a component, naming it", async () => {
    const bogus = join(cacheDirectory, "bogus.wasm");
    writeFileSync(bogus, "definitely not wasm");
    const error = await loadComponent(bogus, { cacheDirectory }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).code).toBe("COMPONENT_LOAD_FAILED");
    expect((error as HostError).message).toMatch(/bogus\.wasm: jco could not transpile the component/);
  });
});

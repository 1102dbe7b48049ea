import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { createMcpServer } from "@wasi-mcp/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ComponentLogRecord, type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE, firstText, HELLO, recordingRequest } from "./fixture.js";

describe('isolation: "in-process"', () => {
  let component: LoadedComponent;
  const logs: ComponentLogRecord[] = [];
  const health: string[] = [];

  beforeAll(async () => {
    component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      // 1 s: a 10 ms call stays well inside it even on a loaded 2-core machine (200 ms did not).
      policy: { isolation: "in-process", toolDeadlinesMs: { slow: 1_000 } },
      onLog: (record) => logs.push(record),
      onHealth: (event) => health.push(`${event.status}: ${event.detail}`),
    });
  });
  afterAll(() => component?.close());

  const call = (name: string, args: Record<string, unknown> = {}, request = recordingRequest().request) =>
    component.backend.callTool(name, args, request);

  it("serves an MCP client through the router, keeping the instance's state between calls", async () => {
    const server = createMcpServer(component.backend);
    const client = new Client({ name: "test", version: "1" });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    try {
      const result = await client.callTool({ name: "echo", arguments: { text: "in-process" } });
      expect(result.content).toEqual([{ type: "text", text: "in-process" }]);
      const first = Number(firstText(await client.callTool({ name: "bump", arguments: {} })));
      const second = Number(firstText(await client.callTool({ name: "bump", arguments: {} })));
      expect(second).toBe(first + 1);
    } finally {
      await client.close();
    }
  });

  it("replaces an instance that trapped, and names the component", async () => {
    await expect(call("trap")).rejects.toThrow(/Component host-fixture trapped/);
    expect(firstText(await call("echo", { text: "after trap" }))).toBe("after trap");
    expect(health.some((line) => line.startsWith("restarting"))).toBe(true);
  });

  it("applies the deadline once the guest returns: past it, the call is a timeout error", async () => {
    await expect(call("slow", { ms: 1_300 })).rejects.toThrow(
      /did not answer within 1000 ms \(in-process: the call ran to its end\)/,
    );
    expect(firstText(await call("slow", { ms: 10 }))).toBe("slept 10 ms");
  });

  it("keeps the memory cap: runaway allocation traps", async () => {
    await expect(call("grow")).rejects.toThrow(/Component host-fixture trapped/);
    expect(firstText(await call("echo", { text: "after oom" }))).toBe("after oom");
  });

  it("refuses requests the guest would have to wait for, with a clear error", async () => {
    const { request, clientRequests } = recordingRequest({
      capabilities: { sampling: {} },
      answer: async () => ({ role: "assistant", content: { type: "text", text: "x" }, model: "m" }),
    });
    const result = await call("sample", { prompt: "x" }, request);
    expect(result.isError).toBe(true);
    expect(firstText(result)).toMatch(/unsupported-operation.*loaded in-process.*isolation: \\?"worker/);
    expect(clientRequests).toEqual([]);
  });

  it("captures guest stdout and stderr as log records", async () => {
    await call("print", { text: "printed in-process" });
    expect(logs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: "info", message: "printed in-process" }),
        expect.objectContaining({ level: "warning", message: "err: printed in-process" }),
      ]),
    );
  });

  it("refuses an unknown isolation", async () => {
    await expect(
      loadComponent(FIXTURE, { cacheDirectory: CACHE, policy: { isolation: "thread" as "worker" } }),
    ).rejects.toThrow(/policy.isolation must be "worker" or "in-process", not "thread"/);
  });
});

describe("an in-process component in a process whose stdout is a protocol stream", () => {
  it("never writes guest output to the process's stdout", async () => {
    const index = new URL("../dist/index.js", import.meta.url).href;
    const script = `
      const { loadComponent } = await import(${JSON.stringify(index)});
      const component = await loadComponent(${JSON.stringify(FIXTURE)}, { cacheDirectory: ${JSON.stringify(CACHE)}, policy: { isolation: "in-process", stdio: "stderr" }, onHealth() {} });
      const request = { requestId: "1", signal: new AbortController().signal, clientCapabilities: {}, notify: async () => {} };
      const result = await component.backend.callTool("print", { text: "guest output" }, request);
      process.stderr.write("RESULT " + result.content[0].text + "\\n");
      await component.close();
    `;
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", script],
      { timeout: 60_000 },
    );
    expect(stdout).toBe("");
    expect(stderr).toContain("RESULT printed");
    expect(stderr).toContain("guest output");
  });

  it("loads hello.wasm with no worker thread at all", async () => {
    const hello = await loadComponent(HELLO, {
      cacheDirectory: CACHE,
      policy: { isolation: "in-process" },
      onHealth: () => {},
    });
    try {
      const result = await hello.backend.callTool("add", { a: 2, b: 3 }, recordingRequest().request);
      expect(result.structuredContent).toEqual({ sum: 5 });
    } finally {
      await hello.close();
    }
  });
});

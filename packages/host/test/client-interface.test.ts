import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { createMcpServer } from "@wasi-mcp/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE, firstText, HELLO, recordingRequest } from "./fixture.js";

describe("wasi:mcp/client: a component calling another MCP server", () => {
  let hello: LoadedComponent;
  let proxy: LoadedComponent;

  beforeAll(async () => {
    hello = await loadComponent(HELLO, { cacheDirectory: CACHE });
    proxy = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      clients: {
        hello: async () => {
          const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
          await createMcpServer(hello.backend).connect(serverSide);
          return clientSide;
        },
      },
    });
  });
  afterAll(async () => {
    await proxy?.close();
    await hello?.close();
  });

  const proxyCall = (server: string, tool: string, args: Record<string, unknown>) =>
    proxy.backend.callTool("proxy_call", { server, tool, args }, recordingRequest().request);

  it("connects, initializes, lists and calls a tool of a server its policy names", async () => {
    expect(firstText(await proxyCall("hello", "add", { a: 20, b: 22 }))).toBe(
      "hello has [echo,add]; add said 42",
    );
  });

  it("refuses a server its policy does not name", async () => {
    const result = await proxyCall("elsewhere", "echo", { text: "x" });
    expect(result.isError).toBe(true);
    expect(firstText(result)).toMatch(
      /unauthorized.*host-fixture may not connect to \\"elsewhere\\": it is not named in its policy/,
    );
  });

  it("hands the upstream server's errors back to the component", async () => {
    const result = await proxyCall("hello", "no_such_tool", {});
    expect(result.isError).toBe(true);
    expect(firstText(result)).toMatch(/invalid-params.*Unknown tool: no_such_tool/);
  });

  it("gives a component without client grants an unauthorized error", async () => {
    const lonely = await loadComponent(FIXTURE, { cacheDirectory: CACHE });
    try {
      const result = await lonely.backend.callTool(
        "proxy_call",
        { server: "hello", tool: "echo", args: { text: "x" } },
        recordingRequest().request,
      );
      expect(firstText(result)).toMatch(/unauthorized/);
    } finally {
      await lonely.close();
    }
  });
});

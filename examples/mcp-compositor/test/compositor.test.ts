import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { createMcpServer } from "@wasi-mcp/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Compositor, startCompositor } from "../src/compositor.js";
import { parseConfig } from "../src/config.js";

const here = dirname(fileURLToPath(import.meta.url));
const HELLO = join(here, "..", "..", "components", "hello", "dist", "hello.wasm");
const FIXTURE = join(here, "..", "..", "components", "host-fixture", "dist", "host-fixture.wasm");
const cacheDirectory = mkdtempSync(join(tmpdir(), "compositor-test-cache-"));

async function connect(compositor: Compositor): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer(compositor.backend).connect(b);
  const client = new Client({ name: "t", version: "0" });
  await client.connect(a);
  return client;
}

const text = (result: unknown) => (result as { content: { text: string }[] }).content[0]?.text ?? "";

describe("compositor: two components, one endpoint", () => {
  const dir = mkdtempSync(join(tmpdir(), "compositor-test-"));
  const helloCopy = join(dir, "hello.wasm");
  let compositor: Compositor;
  let client: Client;
  const loaded: string[] = [];
  const reloadFailures: string[] = [];

  beforeAll(async () => {
    copyFileSync(HELLO, helloCopy);
    const config = parseConfig(
      {
        components: [
          { path: helloCopy, namespace: "hello" },
          {
            path: FIXTURE,
            name: "fixture",
            // 500 ms ends the stuck loop fast; the proxy's call through a sibling gets longer
            // (it missed 500 ms once, on a CI machine at 2 busy cores).
            policy: { deadlineMs: 500, toolDeadlinesMs: { proxy_call: 60_000 } },
            servers: { greeter: { component: "hello" } },
          },
        ],
        watch: true,
      },
      join(dir, "config.json"),
    );
    compositor = await startCompositor(config, {
      cacheDirectory,
      onLoaded: (c, reloaded) => loaded.push(`${c.name}${reloaded ? " (reloaded)" : ""}`),
      onReloadFailed: (name, error) => reloadFailures.push(`${name}: ${error.message}`),
      onHealth: () => {},
      onLog: () => {},
    });
    client = await connect(compositor);
  });
  afterAll(async () => {
    await client?.close();
    await compositor?.close();
  });

  it("namespaces both components' tools and routes each call to its owner", async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(["hello__echo", "hello__add", "fixture__echo", "fixture__loop"]),
    );
    expect(text(await client.callTool({ name: "hello__add", arguments: { a: 1, b: 2 } }))).toBe("3");
    expect(text(await client.callTool({ name: "fixture__echo", arguments: { text: "fx" } }))).toBe("fx");
    expect(loaded).toEqual(["hello", "fixture"]);
  });

  it("keeps the other component serving while one is stuck and restarted", async () => {
    const stuck = client.callTool({ name: "fixture__loop", arguments: {} });
    expect(text(await client.callTool({ name: "hello__echo", arguments: { text: "still here" } }))).toBe(
      "still here",
    );
    await expect(stuck).rejects.toMatchObject({ code: -32001 });
    expect(text(await client.callTool({ name: "fixture__echo", arguments: { text: "back" } }))).toBe("back");
  });

  it("lets a proxy component call a sibling's tool through wasi:mcp/client", async () => {
    const result = await client.callTool({
      name: "fixture__proxy_call",
      arguments: { server: "greeter", tool: "echo", args: { text: "via sibling" } },
    });
    expect(text(result)).toBe("hello has [echo,add]; echo said via sibling");
  });

  it("keeps the old version serving when a reload would clash with a sibling", async () => {
    const before = (await client.listTools()).tools.length;
    copyFileSync(FIXTURE, helloCopy); // the fixture's resource URI is already the fixture's
    const deadline = Date.now() + 20_000;
    while (reloadFailures.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(reloadFailures).toEqual([
      'hello: resource fixture://counter is registered by both "hello" and "fixture"',
    ]);
    expect(loaded).not.toContain("hello (reloaded)");
    expect((await client.listTools()).tools.length).toBe(before);
    expect(text(await client.callTool({ name: "hello__add", arguments: { a: 2, b: 2 } }))).toBe("4");
  });
});

describe("compositor: hot reload", () => {
  it("reloads a replaced component file on the same session and announces list_changed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "compositor-reload-"));
    const file = join(dir, "app.wasm");
    copyFileSync(HELLO, file);
    const loaded: string[] = [];
    const failed: string[] = [];
    const config = parseConfig(
      { components: [{ path: file, namespace: "app" }], watch: true },
      join(dir, "c.json"),
    );
    const compositor = await startCompositor(config, {
      cacheDirectory,
      onLoaded: (c, reloaded) => loaded.push(`${c.name}${reloaded ? " (reloaded)" : ""}`),
      onReloadFailed: (name, error) => failed.push(`${name}: ${error.message}`),
      onHealth: () => {},
    });
    const client = await connect(compositor);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["app__echo", "app__add"]);
      let changed = 0;
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
      copyFileSync(FIXTURE, file);
      const deadline = Date.now() + 20_000;
      while (!loaded.includes("app (reloaded)") && failed.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(failed).toEqual([]);
      expect(loaded).toContain("app (reloaded)");
      expect(changed).toBeGreaterThan(0);
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("app__proxy_call");
      expect(text(await client.callTool({ name: "app__echo", arguments: { text: "same session" } }))).toBe(
        "same session",
      );
    } finally {
      await client.close();
      await compositor.close();
    }
  });
});

describe("compositor: one component is served as itself", () => {
  it("keeps tool names and server info", async () => {
    const config = parseConfig({ components: [{ path: HELLO }] }, join(tmpdir(), "single.json"));
    const compositor = await startCompositor(config, { cacheDirectory });
    const client = await connect(compositor);
    try {
      expect(client.getServerVersion()).toMatchObject({ name: "hello", version: "0.1.0" });
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["echo", "add"]);
    } finally {
      await client.close();
      await compositor.close();
    }
  });

  it("refuses two components with the same name", async () => {
    const config = parseConfig(
      { components: [{ path: HELLO }, { path: HELLO }] },
      join(tmpdir(), "dup.json"),
    );
    await expect(startCompositor(config, { cacheDirectory })).rejects.toThrow(
      /two components are named "hello"/,
    );
  });
});

describe("compositor: a component calling external MCP servers", () => {
  it("reaches a stdio command and a Streamable HTTP URL named in its servers, and nothing else", async () => {
    const { createHttpServer } = await import("@wasi-mcp/transport-http");
    const { loadComponent } = await import("@wasi-mcp/host");
    const hello = await loadComponent(HELLO, { cacheDirectory });
    const http = await createHttpServer({
      host: "127.0.0.1",
      port: 0,
      path: "/mcp",
      createServer: () => createMcpServer(hello.backend),
    });
    const cli = join(here, "..", "dist", "cli.js");
    const config = parseConfig(
      {
        components: [
          {
            path: FIXTURE,
            name: "proxy",
            servers: {
              child: {
                command: process.execPath,
                args: [cli, "serve", HELLO, "--cache-dir", cacheDirectory],
              },
              remote: { url: http.url.href },
            },
          },
        ],
      },
      join(tmpdir(), "external.json"),
    );
    const compositor = await startCompositor(config, { cacheDirectory, onLog: () => {} });
    const client = await connect(compositor);
    try {
      const viaChild = await client.callTool({
        name: "proxy_call",
        arguments: { server: "child", tool: "echo", args: { text: "over stdio" } },
      });
      expect(text(viaChild)).toBe("hello has [echo,add]; echo said over stdio");
      const viaHttp = await client.callTool({
        name: "proxy_call",
        arguments: { server: "remote", tool: "add", args: { a: 5, b: 6 } },
      });
      expect(text(viaHttp)).toBe("hello has [echo,add]; add said 11");
      const refused = await client.callTool({
        name: "proxy_call",
        arguments: { server: "anywhere-else", tool: "echo", args: {} },
      });
      expect(text(refused)).toMatch(/unauthorized/);
    } finally {
      await client.close();
      await compositor.close();
      await http.close();
      await hello.close();
    }
  });
});

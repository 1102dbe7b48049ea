// The compositor CLI as a gateway at start-up: it announces ready only once each upstream has
// connected or failed its first attempt (bounded by `connectTimeoutMs`), `/readyz` counts only
// the upstreams marked `required`, and a WebSocket upstream — another compositor, served over WS
// — is probed and connected like the others.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everything, type ServingProcess, serveOverNetwork } from "./network-server.js";
import { freePort, HELLO, killMarkedUpstreams, MODERN, text } from "./upstream-kit.js";

describe("a gateway's start-up, readiness and WebSocket upstreams", () => {
  const dir = mkdtempSync(join(tmpdir(), "compositor-upstream-serving-"));
  let inner: ServingProcess;
  let outer: ServingProcess;
  let client: Client;

  beforeAll(async () => {
    inner = await serveOverNetwork("ws", [], everything);
    const config = join(dir, "compositor.json");
    writeFileSync(
      config,
      JSON.stringify({
        components: [{ path: HELLO, namespace: "local" }],
        upstreams: {
          inner: { url: inner.url.href },
          modern: {
            command: process.execPath,
            args: [MODERN, "stdio"],
            env: { UPSTREAM_TEST_MARK: dir },
            required: true,
          },
          gone: {
            url: `http://127.0.0.1:${await freePort()}/mcp`,
            required: true,
            connectTimeoutMs: 2_000,
          },
          optional: { url: `http://127.0.0.1:${await freePort()}/mcp`, connectTimeoutMs: 2_000 },
        },
      }),
    );
    outer = await serveOverNetwork("http", ["--config", config], null);
    client = new Client({ name: "gateway-test", version: "0" });
    await client.connect(new StreamableHTTPClientTransport(outer.url));
  }, 90_000);

  afterAll(async () => {
    await client?.close().catch(() => {});
    await outer?.stop();
    await inner?.stop();
    killMarkedUpstreams(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it("announces ready with every reachable upstream's tools already listed", async () => {
    // No waiting here: the ready line came after each upstream's first attempt.
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["local__echo", "inner__test_simple_text", "modern__echo"]));
    expect(outer.stderr()).toMatch(/inner \(upstream, modern era\)/);
    expect(outer.stderr()).toMatch(/modern \(upstream, modern era\)/);
    expect(outer.stderr()).toMatch(/gone \(upstream, down\)/);
  });

  it("serves a WebSocket upstream (a compositor over WS) through the gateway", async () => {
    const result = await client.callTool({ name: "inner__test_simple_text", arguments: {} });
    expect(text(result)).toBe("This is a simple text response for testing.");
  });

  it("reports only required upstreams in /readyz", async () => {
    const response = await fetch(new URL("/readyz", outer.url));
    const body = (await response.text()).trim();
    expect(response.status).toBe(503);
    expect(body).toMatch(/upstream gone down/);
    expect(body).not.toMatch(/optional/);
  });
});

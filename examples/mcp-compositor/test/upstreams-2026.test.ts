// A 2026-07-28 client (SDK v2) of the compositor CLI over stdio, with server-everything (a 2025
// server) as an upstream beside a component: the upstream's sampling request reaches the client as
// `input_required` (MRTR), and the client's retry runs the upstream call again, answered by replay.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, EVERYTHING, HELLO, killMarkedUpstreams, text } from "./upstream-kit.js";

describe("a 2025 upstream used by a 2026 client", () => {
  const dir = mkdtempSync(join(tmpdir(), "compositor-upstreams-2026-"));
  let client: Client;
  const sampled: string[] = [];

  beforeAll(async () => {
    const config = join(dir, "compositor.json");
    writeFileSync(
      config,
      JSON.stringify({
        components: [{ path: HELLO, namespace: "hello" }],
        upstreams: {
          everything: {
            command: process.execPath,
            args: [EVERYTHING, "stdio"],
            env: { UPSTREAM_TEST_MARK: dir },
          },
        },
      }),
    );
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, "serve", "--config", config, "--cache-dir", join(dir, "cache")],
      stderr: "ignore",
    });
    client = new Client(
      { name: "upstreams-2026", version: "0" },
      { capabilities: { sampling: {} }, versionNegotiation: { mode: { pin: "2026-07-28" } } },
    );
    client.setRequestHandler("sampling/createMessage", async (request) => {
      sampled.push(JSON.stringify(request.params.messages[0]?.content));
      return { role: "assistant", model: "test-model", content: { type: "text", text: "a sampled answer" } };
    });
    await client.connect(transport);
    // Start-up waits for the upstream's first attempt, but server-everything registers some tools
    // only after the handshake and announces them with list_changed: wait for them to join.
    for (let waited = 0; ; waited += 100) {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      if (names.includes("everything__echo")) break;
      if (waited > 30_000) throw new Error(`the upstream's tools never joined: ${names.join(", ")}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    killMarkedUpstreams(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it("calls the component and the upstream, and answers the upstream's question by MRTR", async () => {
    expect(client.getNegotiatedProtocolVersion()).toBe("2026-07-28");
    expect(text(await client.callTool({ name: "hello__echo", arguments: { text: "wasm" } }))).toContain(
      "wasm",
    );
    expect(text(await client.callTool({ name: "everything__echo", arguments: { message: "hi" } }))).toBe(
      "Echo: hi",
    );
    const result = await client.callTool({
      name: "everything__trigger-sampling-request",
      arguments: { prompt: "hello", maxTokens: 5 },
    });
    expect(JSON.stringify(result.content)).toContain("a sampled answer");
    expect(sampled).toHaveLength(1);
    expect(sampled[0]).toContain("hello");
  });
});

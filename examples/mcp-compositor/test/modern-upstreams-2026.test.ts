// The compositor CLI over stdio with a 2026 upstream (SDK v2 `McpServer`) and a 2025 one
// (server-everything) beside a component, used by a 2026-07-28 client (SDK v2): the upstream's
// `input_required` reaches the client as `input_required` (its `requestState` sealed by the
// compositor's replay, the upstream's own kept inside the gateway). Then the compositor is
// killed with SIGKILL, and no upstream process may survive it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  CLI,
  EVERYTHING,
  HELLO,
  killMarkedUpstreams,
  MODERN,
  markedProcesses,
  text,
} from "./upstream-kit.js";

describe("a 2026 upstream used by a 2026 client, through the CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "compositor-modern-2026-"));
  const mark = { UPSTREAM_TEST_MARK: dir };
  let client: Client;
  let transport: StdioClientTransport;
  const elicited: unknown[] = [];
  const rounds: string[] = [];

  beforeAll(async () => {
    const config = join(dir, "compositor.json");
    writeFileSync(
      config,
      JSON.stringify({
        components: [{ path: HELLO, namespace: "hello" }],
        upstreams: {
          modern: { command: process.execPath, args: [MODERN, "stdio"], env: mark },
          everything: { command: process.execPath, args: [EVERYTHING, "stdio"], env: mark },
        },
      }),
    );
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, "serve", "--config", config, "--cache-dir", join(dir, "cache")],
      stderr: "ignore",
    });
    client = new Client(
      { name: "modern-2026", version: "0" },
      { capabilities: { elicitation: {} }, versionNegotiation: { mode: { pin: "2026-07-28" } } },
    );
    client.setRequestHandler("elicitation/create", async (request) => {
      elicited.push(request.params);
      return { action: "accept", content: { name: "Grace" } };
    });
    await client.connect(transport);
  }, 60_000);

  afterAll(async () => {
    await client?.close().catch(() => {});
    killMarkedUpstreams(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers an upstream's input_required with input_required, sealed, and the retry completes", async () => {
    expect(client.getNegotiatedProtocolVersion()).toBe("2026-07-28");
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["hello__echo", "modern__ask-name", "everything__echo"]));
    expect(text(await client.callTool({ name: "modern__echo", arguments: { text: "x" } }))).toBe(
      "modern echo: x",
    );

    // By hand first: the first round is input_required with the compositor's sealed state.
    const first = (await client.callTool({ name: "modern__ask-name", arguments: {} }, {
      allowInputRequired: true,
    } as never)) as unknown as {
      resultType?: string;
      inputRequests?: Record<string, unknown>;
      requestState?: string;
    };
    rounds.push(first.resultType ?? "complete");
    expect(first.resultType).toBe("input_required");
    expect(Object.values(first.inputRequests ?? {})[0]).toMatchObject({
      method: "elicitation/create",
      params: { message: "What is your name?" },
    });
    // The compositor's seal (ADR 0005 §3), not the upstream's state: `v1.` + HMAC.
    expect(first.requestState).toMatch(/^v1\./);

    // Then as a client does it: fulfilled through the handler and retried.
    expect(text(await client.callTool({ name: "modern__ask-name", arguments: {} }))).toBe("hello Grace");
    expect(elicited).toHaveLength(1);
  });

  it("leaves no upstream process behind when the compositor is killed with SIGKILL", async () => {
    await vi.waitFor(() => expect(markedProcesses(dir).length).toBeGreaterThanOrEqual(2), {
      timeout: 10_000,
    });
    const pid = transport.pid;
    expect(pid).toBeTypeOf("number");
    process.kill(pid as number, "SIGKILL");
    await vi.waitFor(() => expect(markedProcesses(dir)).toEqual([]), { timeout: 10_000, interval: 100 });
  });
});

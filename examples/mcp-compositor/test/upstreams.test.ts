// Native MCP servers from npm as upstreams beside a component: server-everything over stdio and
// over Streamable HTTP, server-filesystem on a temp dir, used by a 2025 (SDK v1) client in-process;
// a killed stdio upstream comes back while the component keeps answering.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  CreateMessageRequestSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Compositor, startCompositor } from "../src/compositor.js";
import { parseConfig } from "../src/config.js";
import type { UpstreamHealthEvent } from "../src/upstreams/upstream-connection.js";
import { connectInProcess, EVERYTHING, FILESYSTEM, freePort, HELLO, text } from "./upstream-kit.js";

/** server-everything's Streamable HTTP transport on a free port, once it listens. */
async function everythingOverHttp(port?: number): Promise<{ child: ChildProcess; url: string }> {
  port ??= await freePort();
  const child = spawn(process.execPath, [EVERYTHING, "streamableHttp"], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`server-everything exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/mcp` };
}

describe("upstreams beside a component (2025 client)", () => {
  const dir = mkdtempSync(join(tmpdir(), "compositor-upstreams-"));
  const cacheDirectory = join(dir, "cache");
  const health: UpstreamHealthEvent[] = [];
  let compositor: Compositor;
  let client: Client;

  beforeAll(async () => {
    writeFileSync(join(dir, "note.txt"), "from the temp dir");
    const config = parseConfig(
      {
        components: [{ path: HELLO, namespace: "hello" }],
        upstreams: {
          everything: { command: process.execPath, args: [EVERYTHING, "stdio"], denyTools: ["*-async"] },
          files: { command: process.execPath, args: [FILESYSTEM, dir], callTimeoutMs: 10_000 },
        },
      },
      join(dir, "config.json"),
    );
    compositor = await startCompositor(config, {
      cacheDirectory,
      onLog: () => {},
      onUpstreamHealth: (event) => health.push(event),
    });
    client = new Client({ name: "t", version: "0" }, { capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => ({
      role: "assistant",
      model: "test-model",
      content: { type: "text", text: `sampled: ${JSON.stringify(request.params.messages[0]?.content)}` },
    }));
    await connectInProcess(compositor.backend, client);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await compositor?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists every member's tools under its namespace, filtered by allow and deny patterns", async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(["hello__echo", "everything__echo", "files__read_text_file"]),
    );
    expect(names.filter((n) => n.startsWith("everything__") && n.endsWith("-async"))).toEqual([]);
    // Both npm servers speak 2025 only: the `server/discover` probe finds them legacy.
    expect(compositor.upstreamHealth()).toEqual({
      everything: { state: "ready", era: "legacy" },
      files: { state: "ready", era: "legacy" },
    });
  });

  it("routes calls to the component and to stdio and HTTP upstreams", async () => {
    expect(text(await client.callTool({ name: "hello__echo", arguments: { text: "wasm" } }))).toContain(
      "wasm",
    );
    expect(text(await client.callTool({ name: "everything__echo", arguments: { message: "stdio" } }))).toBe(
      "Echo: stdio",
    );
    const file = await client.callTool({
      name: "files__read_text_file",
      arguments: { path: join(dir, "note.txt") },
    });
    expect(text(file)).toBe("from the temp dir");
  });

  it("refuses a denied tool and names the upstream in its errors", async () => {
    const denied = await client
      .callTool({ name: "everything__trigger-sampling-request-async", arguments: {} })
      .then(
        (r) => text(r),
        (e: Error) => e.message,
      );
    expect(denied).toMatch(/trigger-sampling-request-async/);
    const outside = await client.callTool({
      name: "files__read_text_file",
      arguments: { path: "/etc/passwd" },
    });
    expect(outside.isError).toBe(true);
  });

  it("passes progress and sampling through", async () => {
    const progress: number[] = [];
    const long = await client.callTool(
      { name: "everything__trigger-long-running-operation", arguments: { duration: 0.3, steps: 3 } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(text(long)).toMatch(/completed/i);
    // The SDK v1 client that talks to the upstream handles a notification a microtask later than a
    // response, so the last step, sent right before the result, may be dropped there.
    expect(progress.slice(0, 2)).toEqual([1, 2]);
    const sampled = await client.callTool({
      name: "everything__trigger-sampling-request",
      arguments: { prompt: "hi", maxTokens: 5 },
    });
    expect(JSON.stringify(sampled.content)).toContain("sampled:");
  });

  it("restarts a killed stdio upstream while the component keeps answering", async () => {
    const listChanged = vi.fn();
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => listChanged());
    const everything = compositor.upstreams.get("everything");
    const pid = everything?.pid();
    expect(pid).toBeTypeOf("number");
    process.kill(pid as number, "SIGKILL");
    await vi.waitFor(() => expect(everything?.health().state).not.toBe("ready"), { timeout: 10_000 });
    const meanwhile = await client.callTool({ name: "everything__echo", arguments: { message: "x" } }).then(
      (r) => text(r),
      (e: Error) => e.message,
    );
    expect(meanwhile).toMatch(/upstream "everything" is unavailable/);
    expect(text(await client.callTool({ name: "hello__echo", arguments: { text: "still" } }))).toContain(
      "still",
    );
    await vi.waitFor(() => expect(everything?.health().state).toBe("ready"), {
      timeout: 20_000,
      interval: 100,
    });
    expect(everything?.pid()).not.toBe(pid);
    expect(text(await client.callTool({ name: "everything__echo", arguments: { message: "back" } }))).toBe(
      "Echo: back",
    );
    expect(
      health.some((e) => e.namespace === "everything" && e.state === "down" && e.retryInMs === 250),
    ).toBe(true);
    expect(listChanged).toHaveBeenCalled();
  }, 40_000);
});

describe("an upstream over Streamable HTTP", () => {
  const dir = mkdtempSync(join(tmpdir(), "compositor-upstreams-http-"));
  let http: { child: ChildProcess; url: string } | undefined;
  let compositor: Compositor | undefined;

  afterAll(async () => {
    await compositor?.close();
    http?.child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is served beside the component, and a resource both serve is an error naming both", async () => {
    http = await everythingOverHttp();
    const both = parseConfig(
      {
        components: [{ path: HELLO, namespace: "hello" }],
        upstreams: {
          local: { command: process.execPath, args: [EVERYTHING, "stdio"] },
          remote: { url: http.url },
        },
      },
      join(dir, "config.json"),
    );
    await expect(
      startCompositor(both, { cacheDirectory: join(dir, "cache"), onLog: () => {} }),
    ).rejects.toThrow(
      /resource demo:\/\/\S+ is registered by both "(local" and "remote|remote" and "local)"/,
    );

    const config = parseConfig(
      {
        components: [{ path: HELLO, namespace: "hello" }],
        upstreams: { remote: { url: http.url, allowTools: ["echo", "get-sum"] } },
      },
      join(dir, "config.json"),
    );
    compositor = await startCompositor(config, { cacheDirectory: join(dir, "cache"), onLog: () => {} });
    const client = await connectInProcess(compositor.backend, new Client({ name: "t", version: "0" }));
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names.filter((n) => n.startsWith("remote__")).sort()).toEqual(["remote__echo", "remote__get-sum"]);
    expect(text(await client.callTool({ name: "remote__get-sum", arguments: { a: 2, b: 3 } }))).toContain(
      "5",
    );
    expect(text(await client.callTool({ name: "hello__echo", arguments: { text: "wasm" } }))).toContain(
      "wasm",
    );

    // The server goes away: the failed call leads to a ping, the ping fails, the upstream is down
    // and reconnects, with a new session, once a server listens on its URL again.
    const remote = compositor.upstreams.get("remote");
    const port = Number(new URL(http.url).port);
    const gone = new Promise((resolve) => http?.child.once("exit", resolve));
    http.child.kill();
    await gone;
    const failed = await client
      .callTool({ name: "remote__echo", arguments: { message: "x" } })
      .then(text, (e: Error) => e.message);
    expect(failed).toMatch(/upstream "remote"/);
    await vi.waitFor(() => expect(remote?.health().state).not.toBe("ready"), {
      timeout: 15_000,
      interval: 100,
    });
    http = await everythingOverHttp(port);
    await vi.waitFor(() => expect(remote?.health().state).toBe("ready"), { timeout: 30_000, interval: 100 });
    expect(text(await client.callTool({ name: "remote__echo", arguments: { message: "again" } }))).toBe(
      "Echo: again",
    );
    await client.close();
  }, 90_000);
});

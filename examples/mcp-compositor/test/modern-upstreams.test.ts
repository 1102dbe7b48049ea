// 2026-07-28 upstreams (an SDK v2 `McpServer`, over stdio and over Streamable HTTP) beside a
// component: the compositor probes them with `server/discover` and connects with the SDK v2
// client; a 2025 client (SDK v1, in-process) uses every kind of thing they serve, and their
// `input_required` reaches it as real elicitation and sampling requests.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Compositor, startCompositor } from "../src/compositor.js";
import { parseConfig } from "../src/config.js";
import { connectInProcess, HELLO, MODERN, text } from "./upstream-kit.js";

/** The fixture over Streamable HTTP on a free port, once it listens. */
export async function modernOverHttp(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [MODERN, "http", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      const match = /listening (\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`the modern upstream exited with ${code}`)));
  });
  return { child, url };
}

describe("2026 upstreams used by a 2025 client", () => {
  const dir = mkdtempSync(join(tmpdir(), "compositor-modern-upstreams-"));
  const stderr: string[] = [];
  let http: { child: ChildProcess; url: string };
  let compositor: Compositor;
  let client: Client;
  const elicited: string[] = [];
  const listChanges: number[] = [];
  const logs: string[] = [];
  const clashes: string[] = [];

  beforeAll(async () => {
    http = await modernOverHttp();
    const config = parseConfig(
      {
        components: [{ path: HELLO, namespace: "hello" }],
        upstreams: {
          modern: { command: process.execPath, args: [MODERN, "stdio"] },
          web: { url: http.url },
        },
      },
      join(dir, "config.json"),
    );
    compositor = await startCompositor(config, {
      cacheDirectory: join(dir, "cache"),
      onLog: () => {},
      onUpstreamStderr: (_namespace, line) => stderr.push(line),
      onClash: (message) => clashes.push(message),
    });
    client = new Client({ name: "t", version: "0" }, { capabilities: { sampling: {}, elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      elicited.push(request.params.message);
      return { action: "accept", content: { name: "Ada" } };
    });
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: "assistant",
      model: "test-model",
      content: { type: "text", text: "a sampled answer" },
    }));
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      listChanges.push(Date.now());
    });
    client.setNotificationHandler(LoggingMessageNotificationSchema, async (n) => {
      logs.push(String(n.params.data));
    });
    await connectInProcess(compositor.backend, client);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await compositor?.close();
    http?.child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("probes both upstreams as 2026 and serves their tools, resources and prompts", async () => {
    expect(compositor.upstreamHealth()).toEqual({
      modern: { state: "ready", era: "modern" },
      web: { state: "ready", era: "modern" },
    });
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining(["hello__echo", "modern__echo", "web__echo", "modern__grow"]),
    );
    expect(text(await client.callTool({ name: "modern__echo", arguments: { text: "a" } }))).toBe(
      "modern echo: a",
    );
    expect(text(await client.callTool({ name: "web__echo", arguments: { text: "b" } }))).toBe(
      "modern echo: b",
    );
    expect(text(await client.callTool({ name: "hello__echo", arguments: { text: "c" } }))).toContain("c");
    const uris = (await client.listResources()).resources.map((resource) => resource.uri);
    expect(uris).toEqual(expect.arrayContaining(["modern://stdio/readme", "modern://http/readme"]));
    const read = await client.readResource({ uri: "modern://http/readme" });
    expect(read.contents[0]).toMatchObject({ text: "the modern readme (http)" });
    const prompt = await client.getPrompt({ name: "modern__greet" });
    expect(prompt.messages[0]?.content).toMatchObject({ text: "hello from a modern prompt" });
  });

  it("turns an upstream's input_required into real requests to the 2025 client", async () => {
    for (const ns of ["modern", "web"]) {
      expect(text(await client.callTool({ name: `${ns}__ask-name`, arguments: {} }))).toBe("hello Ada");
      expect(text(await client.callTool({ name: `${ns}__ask-model`, arguments: {} }))).toBe(
        "the model said: a sampled answer",
      );
    }
    expect(elicited).toEqual(["What is your name?", "What is your name?"]);
  });

  it("passes progress and log messages through", async () => {
    const progress: number[] = [];
    const result = await client.callTool({ name: "modern__count", arguments: { steps: 3 } }, undefined, {
      onprogress: (p) => progress.push(p.progress),
    });
    expect(text(result)).toBe("counted 3");
    // In order; the SDK clients may drop a step that arrives right before the result (ADR 0013 §5).
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort());
    await vi.waitFor(() => expect(logs).toContain("counted to 3"), { timeout: 10_000 });
  });

  it("cancels an upstream call when the client cancels", async () => {
    const controller = new AbortController();
    const call = client.callTool({ name: "modern__wait", arguments: {} }, undefined, {
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(stderr).toContain("wait started"), { timeout: 10_000 });
    controller.abort();
    await expect(call).rejects.toThrow();
    await vi.waitFor(() => expect(stderr).toContain("wait cancelled"), { timeout: 10_000 });
  });

  it("follows an upstream's list change (subscriptions/listen)", async () => {
    const before = listChanges.length;
    expect(text(await client.callTool({ name: "modern__grow", arguments: {} }))).toMatch(/^grown \d+$/);
    await vi.waitFor(
      async () => {
        expect(listChanges.length).toBeGreaterThan(before);
        const names = (await client.listTools()).tools.map((tool) => tool.name);
        expect(names.some((name) => name.startsWith("modern__grown-"))).toBe(true);
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it("refuses a resource clash that the upstream's list change brings, and keeps serving", async () => {
    expect(text(await client.callTool({ name: "modern__steal", arguments: {} }))).toBe("stolen");
    await vi.waitFor(
      () =>
        expect(clashes).toEqual([
          'resource hello://greeting is registered by both "hello" and "modern"; "modern"\'s is refused, "hello" keeps serving it',
        ]),
      { timeout: 10_000, interval: 100 },
    );
    const read = await client.readResource({ uri: "hello://greeting" });
    expect(read.contents[0]).toMatchObject({ text: "Hello from a WebAssembly component!" });
    expect(text(await client.callTool({ name: "modern__echo", arguments: { text: "still" } }))).toBe(
      "modern echo: still",
    );
  });

  it("restarts a killed 2026 upstream and probes it again", async () => {
    const modern = compositor.upstreams.get("modern");
    const pid = modern?.pid();
    expect(pid).toBeTypeOf("number");
    process.kill(pid as number, "SIGKILL");
    await vi.waitFor(() => expect(modern?.health().state).not.toBe("ready"), { timeout: 10_000 });
    await vi.waitFor(() => expect(modern?.health()).toEqual({ state: "ready", era: "modern" }), {
      timeout: 30_000,
      interval: 100,
    });
    expect(modern?.pid()).not.toBe(pid);
    expect(text(await client.callTool({ name: "modern__echo", arguments: { text: "back" } }))).toBe(
      "modern echo: back",
    );
  });
});

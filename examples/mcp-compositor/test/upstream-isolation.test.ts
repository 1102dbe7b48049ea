// A hung stdio upstream (its event loop blocked) is detected by the ping after a call deadline and
// restarted, while a component beside it keeps answering; a changed configuration swaps upstreams.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Compositor, startCompositor } from "../src/compositor.js";
import { parseConfig } from "../src/config.js";
import { connectInProcess, HANGING, HELLO, text } from "./upstream-kit.js";

const outcome = (call: Promise<unknown>) => call.then(text, (e: Error) => e.message);

describe("upstream isolation", () => {
  const dir = mkdtempSync(join(tmpdir(), "compositor-upstream-isolation-"));
  const file = join(dir, "config.json");
  let compositor: Compositor;
  let client: Client;

  beforeAll(async () => {
    const config = parseConfig(
      {
        components: [{ path: HELLO, namespace: "hello" }],
        upstreams: { hang: { command: process.execPath, args: [HANGING], callTimeoutMs: 500 } },
      },
      file,
    );
    compositor = await startCompositor(config, { cacheDirectory: join(dir, "cache"), onLog: () => {} });
    client = await connectInProcess(compositor.backend, new Client({ name: "t", version: "0" }));
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await compositor?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("restarts an upstream that stops answering, and the component answers throughout", async () => {
    const hang = compositor.upstreams.get("hang");
    const pid = hang?.pid();
    expect(await outcome(client.callTool({ name: "hang__ping_me", arguments: {} }))).toBe(`pong from ${pid}`);
    expect(await outcome(client.callTool({ name: "hang__freeze", arguments: {} }))).toMatch(
      /upstream "hang": Request timed out/,
    );
    expect(await outcome(client.callTool({ name: "hello__echo", arguments: { text: "alive" } }))).toContain(
      "alive",
    );
    await vi.waitFor(() => expect(hang?.pid()).not.toBe(pid), { timeout: 20_000, interval: 100 });
    await vi.waitFor(() => expect(hang?.health().state).toBe("ready"), { timeout: 20_000, interval: 100 });
    expect(await outcome(client.callTool({ name: "hang__ping_me", arguments: {} }))).toBe(
      `pong from ${hang?.pid()}`,
    );
  }, 40_000);

  it("applies a changed upstreams section: a new namespace in, a removed one out", async () => {
    const old = compositor.upstreams.get("hang");
    await compositor.apply(
      parseConfig(
        {
          components: [{ path: HELLO, namespace: "hello" }],
          upstreams: { again: { command: process.execPath, args: [HANGING], allowTools: ["ping_me"] } },
        },
        file,
      ),
    );
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names.filter((n) => !n.startsWith("hello__"))).toEqual(["again__ping_me"]);
    expect(old?.health().state).toBe("closed");
    expect(await outcome(client.callTool({ name: "again__ping_me", arguments: {} }))).toMatch(
      /^pong from \d+$/,
    );
  }, 40_000);
});

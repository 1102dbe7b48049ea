// ADR 0014 through the compositor: components with `idleInstanceMs` in their config stay listed
// with no instance running, the next call starts one, a stateful component's state goes with its
// stopped instance (announced as a list change), and a hot reload keeps the behaviour.
import { copyFileSync, mkdtempSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ResourceListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { createMcpServer } from "@wasi-mcp/router";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Compositor, startCompositor } from "../src/compositor.js";
import { parseConfig } from "../src/config.js";

const here = dirname(fileURLToPath(import.meta.url));
const component = (name: string) => join(here, "..", "..", "components", name, "dist", `${name}.wasm`);
const cacheDirectory = mkdtempSync(join(tmpdir(), "compositor-idle-cache-"));

describe("compositor: idle instances (idleInstanceMs)", () => {
  const dir = mkdtempSync(join(tmpdir(), "compositor-idle-"));
  const helloCopy = join(dir, "hello.wasm");
  let compositor: Compositor;
  let client: Client;
  let resourceListChanges = 0;
  const reloaded: string[] = [];

  const running = (name: string) => compositor.components.get(name)?.memoryBytes().length ?? -1;
  const stopped = (name: string) =>
    vi.waitFor(() => expect(running(name)).toBe(0), { timeout: 15_000, interval: 25 });
  const structured = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })).structuredContent as { notes: { title: string }[] };

  beforeAll(async () => {
    copyFileSync(component("hello"), helloCopy);
    const config = parseConfig(
      {
        components: [
          { path: helloCopy, namespace: "hello", policy: { idleInstanceMs: 0 } },
          // Long enough for the calls of one step; the test waits for the stop itself.
          { path: component("notes"), namespace: "notes", policy: { idleInstanceMs: 1_000 } },
        ],
        watch: true,
      },
      join(dir, "config.json"),
    );
    compositor = await startCompositor(config, {
      cacheDirectory,
      onLoaded: (loaded, again) => again && reloaded.push(loaded.name),
      onHealth: () => {},
      onLog: () => {},
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await createMcpServer(compositor.backend).connect(b);
    client = new Client({ name: "idle-test", version: "0" });
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
      resourceListChanges++;
    });
    await client.connect(a);
  });
  afterAll(async () => {
    await client?.close();
    await compositor?.close();
  });

  it("lists a component with no instance running and starts one for a call", async () => {
    await stopped("hello");
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["hello__echo", "notes__create_note", "notes__list_notes"]));
    expect(running("hello")).toBe(0);
    const answer = await client.callTool({ name: "hello__echo", arguments: { text: "awake" } });
    expect((answer.content as { text: string }[])[0]?.text).toBe("awake");
    expect(compositor.components.get("hello")?.idleStops().startedOnDemand).toBeGreaterThanOrEqual(1);
  });

  it("loses a stateful component's state with its stopped instance, and says so in the lists", async () => {
    await client.callTool({ name: "notes__create_note", arguments: { title: "kept in memory" } });
    expect((await structured("notes__list_notes")).notes.map((note) => note.title)).toEqual([
      "kept in memory",
    ]);
    expect((await client.listResources()).resources.map((r) => r.name)).toContain("note-1");
    const changesBefore = resourceListChanges;

    await stopped("notes");
    // The note's resource was the stopped instance's own registration: withdrawn, announced.
    await vi.waitFor(() => expect(resourceListChanges).toBeGreaterThan(changesBefore));
    expect((await client.listResources()).resources.map((r) => r.name)).not.toContain("note-1");
    // The next call runs on a fresh instance: the notes kept in the stopped one are gone.
    expect((await structured("notes__list_notes")).notes).toEqual([]);
    expect(compositor.components.get("notes")?.restarts()).toBe(0);
  });

  it("keeps stopping idle instances after a hot reload", async () => {
    const now = new Date();
    utimesSync(helloCopy, now, now);
    copyFileSync(component("hello"), helloCopy);
    await vi.waitFor(() => expect(reloaded).toContain("hello"), { timeout: 30_000, interval: 50 });
    await stopped("hello");
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("hello__echo");
    const answer = await client.callTool({ name: "hello__add", arguments: { a: 2, b: 3 } });
    expect((answer.content as { text: string }[])[0]?.text).toBe("5");
  });
});

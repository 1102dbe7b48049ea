import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserPage, componentUrl, inPage, openBrowserPage } from "./browser-page.js";

describe("policy in headless Chromium", () => {
  let browser: BrowserPage | undefined;
  const page = () => (browser as BrowserPage).page;

  beforeAll(async () => {
    browser = await openBrowserPage();
    await inPage(
      page(),
      (f, url) => f.connect(url, { toolDeadlinesMs: { loop: 500 }, memoryLimitBytes: 64 * 1024 * 1024 }),
      componentUrl("host-fixture"),
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("terminates a worker stuck in an infinite guest loop at its deadline and serves the next call", async () => {
    const out = await inPage(
      page(),
      async (f) => {
        const client = f.client("host-fixture");
        const started = performance.now();
        const stuck = await client.callTool({ name: "loop", arguments: {} }).then(
          () => "answered",
          (error: Error) => error.message,
        );
        const waited = performance.now() - started;
        const echo = await client.callTool({ name: "echo", arguments: { text: "alive" } });
        return { stuck, waited, echo, restarts: f.component("host-fixture").restarts(), log: f.restarts };
      },
      undefined,
    );
    expect(out.stuck).toMatch(/did not answer within 500 ms; its instance was restarted/);
    expect(out.waited).toBeLessThan(5_000);
    expect(out.echo.content).toEqual([{ type: "text", text: "alive" }]);
    expect(out.restarts).toBe(1);
  });

  it("terminates the worker when the client cancels a call, and serves the next one", async () => {
    const out = await inPage(
      page(),
      async (f) => {
        const client = f.client("host-fixture");
        const before = f.component("host-fixture").restarts();
        const controller = new AbortController();
        const slow = client
          .callTool({ name: "slow", arguments: { ms: 20_000 } }, undefined, { signal: controller.signal })
          .then(
            () => "answered",
            (error: Error) => error.message,
          );
        setTimeout(() => controller.abort("changed my mind"), 300);
        const started = performance.now();
        const cancelled = await slow;
        const waited = performance.now() - started;
        const echo = await client.callTool({ name: "echo", arguments: { text: "still here" } });
        return { cancelled, waited, echo, restarted: f.component("host-fixture").restarts() - before };
      },
      undefined,
    );
    expect(out.cancelled).toMatch(/changed my mind|abort/i);
    expect(out.waited).toBeLessThan(5_000);
    expect(out.echo.content).toEqual([{ type: "text", text: "still here" }]);
    expect(out.restarted).toBe(1);
  });

  it("denies what the policy does not grant: no files, no network", async () => {
    const out = await inPage(
      page(),
      async (f) => {
        const client = f.client("host-fixture");
        const fetched = await client.callTool({ name: "fetch", arguments: { authority: "example.com" } });
        const file = await client.callTool({ name: "read_file", arguments: { path: "/data/note.txt" } });
        const env = await client.callTool({ name: "env", arguments: { name: "HOME" } });
        return { fetched, file, env };
      },
      undefined,
    );
    expect(out.fetched.isError).toBe(true);
    expect(JSON.stringify(out.fetched.content)).toContain("denied");
    expect(out.file.isError).toBe(true);
    expect(out.env.content).toEqual([{ type: "text", text: "<unset>" }]);
  });

  it("grants an in-memory directory and environment variables when the policy says so", async () => {
    const out = await inPage(
      page(),
      async (f, url) => {
        await f.connect(
          url,
          {
            directories: { "/data": { dir: { "note.txt": { source: "from memory" } } } },
            env: { GREETING: "hi" },
          },
          "granted",
        );
        const client = f.client("granted");
        const file = await client.callTool({ name: "read_file", arguments: { path: "/data/note.txt" } });
        const env = await client.callTool({ name: "env", arguments: { name: "GREETING" } });
        return { file, env };
      },
      componentUrl("host-fixture"),
    );
    expect(out.file.content).toEqual([{ type: "text", text: "from memory" }]);
    expect(out.env.content).toEqual([{ type: "text", text: "hi" }]);
  });

  it("refuses a component's elicitation in a page that is not cross-origin isolated, saying why", async () => {
    const out = await inPage(
      page(),
      async (f) => {
        const client = f.client("host-fixture");
        return client.callTool({ name: "elicit", arguments: { message: "name?" } });
      },
      undefined,
    );
    expect(out.isError).toBe(true);
    expect(JSON.stringify(out.content)).toMatch(/cross-origin isolated/);
  });

  it("traps a guest that grows past its memory cap, and recovers", async () => {
    const out = await inPage(
      page(),
      async (f) => {
        const client = f.client("host-fixture");
        const grown = await client.callTool({ name: "grow", arguments: { mb: 256 } }).then(
          (result) => JSON.stringify(result),
          (error: Error) => error.message,
        );
        const echo = await client.callTool({ name: "echo", arguments: { text: "after" } });
        return { grown, echo };
      },
      undefined,
    );
    expect(out.grown).toMatch(/trapped: .*its instance was restarted/);
    expect(out.echo.content).toEqual([{ type: "text", text: "after" }]);
  });
});

// Issue 24's attack 4 in the page: wasi:http fields a guest keeps alive live in the page's heap,
// outside its linear-memory cap — counted against policy.maxHostBytes, as in the Node host.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserPage, componentUrl, inPage, openBrowserPage } from "./browser-page.js";

describe("bytes an instance makes the page hold, in headless Chromium", () => {
  let browser: BrowserPage | undefined;
  const page = () => (browser as BrowserPage).page;

  beforeAll(async () => {
    browser = await openBrowserPage();
    await inPage(
      page(),
      (f, url) => f.connect(url, { maxHostBytes: 1024 * 1024, maxIoResources: 200 }),
      componentUrl("host-fixture"),
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("refuses wasi:http fields past maxHostBytes with forbidden, and keeps serving", async () => {
    const out = await inPage(
      page(),
      async (f) => {
        const client = f.client("host-fixture");
        const text = (result: unknown) =>
          ((result as { content: { text?: string }[] }).content[0]?.text ?? "") as string;
        // 64 fields of 64 KiB and a 5-byte name asked for; 1 MiB holds 15 of them.
        const held = text(
          await client.callTool({ name: "hold_fields", arguments: { count: 64, bytes: 65_536 } }),
        );
        const echo = text(await client.callTool({ name: "echo", arguments: { text: "still here" } }));
        return { held, echo, restarts: f.component("host-fixture").restarts() };
      },
      undefined,
    );
    expect(out.held).toMatch(/^refused after 15: .*forbidden/);
    expect(out.echo).toBe("still here");
    expect(out.restarts).toBe(0);
  });

  it("traps an instance past maxIoResources pollables; its replacement starts with none (issue 24, wasi:io)", async () => {
    const out = await inPage(
      page(),
      async (f) => {
        const client = f.client("host-fixture");
        const hold = (count: number) =>
          client.callTool({ name: "hold_io", arguments: { kind: "pollable", count } }).then(
            (result) => ((result as { content: { text?: string }[] }).content[0]?.text ?? "") as string,
            (error: unknown) => String(error),
          );
        const before = f.component("host-fixture").restarts();
        const flooded = await hold(100_000);
        const fits = await hold(100);
        return { flooded, fits, restarts: f.component("host-fixture").restarts() - before };
      },
      undefined,
    );
    expect(out.flooded).toMatch(/policy\.maxIoResources \(200 live/);
    expect(out.fits).toBe("held 100");
    expect(out.restarts).toBe(1);
  });
});

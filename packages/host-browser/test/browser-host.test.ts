import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserPage, componentUrl, inPage, openBrowserPage } from "./browser-page.js";

describe("the browser host in headless Chromium", () => {
  let browser: BrowserPage | undefined;
  const page = () => (browser as BrowserPage).page;

  beforeAll(async () => {
    browser = await openBrowserPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("loads hello in a Web Worker and answers tools/list and tools/call through the SDK Client", async () => {
    const summary = await inPage(page(), (f, url) => f.connect(url), componentUrl("hello"));
    expect(summary.serverName).toBe("hello");
    expect(summary.transpiled).toBe(true);
    const result = await inPage(
      page(),
      async (f) => {
        const client = f.client("hello");
        const tools = await client.listTools();
        const echo = await client.callTool({ name: "echo", arguments: { text: "hi from Chromium" } });
        const add = await client.callTool({ name: "add", arguments: { a: 2, b: 40 } });
        return { tools: tools.tools.map((tool) => tool.name), echo, add };
      },
      undefined,
    );
    expect(result.tools).toEqual(expect.arrayContaining(["echo", "add"]));
    expect(result.echo.content).toEqual([{ type: "text", text: "hi from Chromium" }]);
    expect(result.add.structuredContent).toEqual({ sum: 42 });
  });

  it("finds hello already transpiled after the page reloads (the origin's Cache Storage)", async () => {
    await page().reload();
    await page().waitForFunction(() => document.title === "ready");
    const summary = await inPage(page(), (f, url) => f.connect(url), componentUrl("hello"));
    expect(summary.transpiled).toBe(false);
    expect(summary.timings.transpile).toBeLessThan(summary.timings.total);
    const echo = await inPage(
      page(),
      (f) => f.client("hello").callTool({ name: "echo", arguments: { text: "again" } }),
      undefined,
    );
    expect(echo.content).toEqual([{ type: "text", text: "again" }]);
  });
});

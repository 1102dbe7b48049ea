import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserPage, componentUrl, inPage, openBrowserPage } from "./browser-page.js";

describe("bundled components in headless Chromium", () => {
  let browser: BrowserPage | undefined;
  const page = () => (browser as BrowserPage).page;

  beforeAll(async () => {
    browser = await openBrowserPage();
    await inPage(page(), (f, url) => f.connect(url), componentUrl("hello"));
    await inPage(page(), (f, url) => f.connect(url), componentUrl("everything"));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("reads hello's resource and gets its prompt", async () => {
    const out = await inPage(
      page(),
      async (f) => {
        const client = f.client("hello");
        const resource = await client.readResource({ uri: "hello://greeting" });
        const prompts = await client.listPrompts();
        const prompt = await client.getPrompt({ name: "greet", arguments: { name: "Chromium" } });
        return { resource, prompts: prompts.prompts.map((p) => p.name), prompt };
      },
      undefined,
    );
    expect(out.resource.contents[0]).toMatchObject({
      uri: "hello://greeting",
      text: "Hello from a WebAssembly component!",
    });
    expect(out.prompts).toContain("greet");
    expect(JSON.stringify(out.prompt.messages)).toContain("Chromium");
  });

  it("serves everything: tools, a resource template read, a prompt with arguments, logs and progress", async () => {
    const out = await inPage(
      page(),
      async (f) => {
        const client = f.client("everything");
        const tools = (await client.listTools()).tools.map((t) => t.name);
        const simple = await client.callTool({ name: "test_simple_text", arguments: {} });
        const template = await client.readResource({ uri: "test://template/42/data" });
        const prompt = await client.getPrompt({
          name: "test_prompt_with_arguments",
          arguments: { arg1: "a", arg2: "b" },
        });
        const progress: number[] = [];
        const withProgress = await client.callTool(
          { name: "test_tool_with_progress", arguments: {} },
          undefined,
          { onprogress: (p) => progress.push(p.progress) },
        );
        const failing = await client.callTool({ name: "test_error_handling", arguments: {} });
        return { tools, simple, template, prompt, progress, withProgress, failing };
      },
      undefined,
    );
    expect(out.tools.length).toBeGreaterThan(8);
    expect(out.simple.content).toEqual([expect.objectContaining({ type: "text" })]);
    expect(JSON.parse((out.template.contents[0] as { text: string }).text)).toMatchObject({ id: "42" });
    expect(JSON.stringify(out.prompt.messages)).toContain("arg1='a', arg2='b'");
    expect(out.withProgress.isError).toBeFalsy();
    expect(out.progress.length).toBeGreaterThan(0);
    expect(out.failing.isError).toBe(true);
  });
});

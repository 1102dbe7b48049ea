import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type StaticServer, serveStatic } from "@wasi-mcp/host-browser/static-server";
import { launchChromium, type TestBrowser } from "@wasi-mcp/test-kit/chromium";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Screenshots are kept as test artifacts (turbo keeps .vitest/ as the test task's output). */
const ARTIFACTS = join(root, ".vitest/screenshots");

/** Picks a bundled example and waits until the page lists what it offers. */
async function loadExample(page: Page, name: string): Promise<void> {
  await page.selectOption("#example", `components/${name}.wasm`);
  await page.click("#picker button[type=submit]");
  await page.waitForFunction(
    (expected) =>
      document.body.dataset.state === "ready" &&
      document.querySelector("#status")?.textContent?.startsWith(expected),
    name,
    { timeout: 60_000 },
  );
}

describe("the playground in headless Chromium", () => {
  let server: StaticServer | undefined;
  let chrome: TestBrowser | undefined;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await serveStatic({ "/": join(root, "dist/site") }, { crossOriginIsolated: true });
    chrome = await launchChromium();
    page = await chrome.newPage();
    page.on("pageerror", (error) => errors.push(error.message));
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it("runs the deep link's call on load and shows hello's echo in #result", async () => {
    const args = encodeURIComponent(JSON.stringify({ text: "hello from a deep link" }));
    await page.goto(`${server?.url}?component=components/hello.wasm&tool=echo&args=${args}`);
    await page.waitForFunction(
      () => ["done", "error"].includes(document.body.dataset.state ?? ""),
      undefined,
      {
        timeout: 60_000,
      },
    );
    expect(await page.textContent("#result")).toBe("hello from a deep link");
    expect(errors).toEqual([]);
  });

  it("lets a person pick everything, call a tool from its generated form, and see logs", async () => {
    await page.goto(server?.url ?? "");
    await page.waitForFunction(() => document.body.dataset.state === "ready", undefined, { timeout: 60_000 });
    await page.selectOption("#example", "components/everything.wasm");
    await page.click("#picker button[type=submit]");
    await page.waitForFunction(
      () =>
        document.body.dataset.state === "ready" &&
        document.querySelector("#status")?.textContent?.startsWith("everything"),
      undefined,
      { timeout: 60_000 },
    );
    await page.click("#catalog button:text-is('json_schema_2020_12_tool')");
    await page.fill("#field-name", "Ada");
    // The schema wants a phone or an email (allOf/anyOf), and an email unless the contact method is phone.
    await page.fill("#field-email", "ada@example.com");
    await page.click("#detail button[type=submit]");
    await page.waitForFunction(() => document.body.dataset.state === "done");
    expect(await page.textContent("#result")).toContain('"name":"Ada"');

    await page.click("#catalog button:text-is('test_tool_with_logging')");
    await page.click("#detail button[type=submit]");
    await page.waitForFunction(() => document.body.dataset.state === "done");
    expect(await page.locator("#activity li").count()).toBeGreaterThan(1);

    await page.click("#catalog button:text-is('test_prompt_with_arguments')");
    await page.fill("#field-arg1", "one");
    await page.fill("#field-arg2", "two");
    await page.click("#detail button[type=submit]");
    await page.waitForFunction(() => document.body.dataset.state === "done");
    expect(await page.textContent("#result")).toContain("arg1='one', arg2='two'");
    await page.screenshot({ path: join(ARTIFACTS, "playground-everything.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("shows a component's elicitation as a dialog and returns the person's answer to it", async () => {
    await loadExample(page, "everything");
    await page.click("#catalog button:text-is('test_elicitation')");
    await page.fill("#field-message", "Who are you?");
    await page.click("#detail button[type=submit]");
    await page.waitForSelector("dialog#elicitation[open]");
    expect(await page.textContent("#elicitation-message")).toBe("Who are you?");
    await page.fill("#elicitation-fields #field-username", "ada");
    await page.screenshot({ path: join(ARTIFACTS, "playground-elicitation.png") });
    await page.click("dialog#elicitation button[value=accept]");
    await page.waitForFunction(() => document.body.dataset.state === "done");
    expect(await page.textContent("#result")).toBe(
      'User response: action=accept, content={"username":"ada"}',
    );
    expect(errors).toEqual([]);
  });

  it("loads a .wasm the person chooses from disk", async () => {
    await page.setInputFiles("#file", join(root, "dist/site/components/notes.wasm"));
    await page.waitForFunction(
      () =>
        document.body.dataset.state === "ready" &&
        document.querySelector("#status")?.textContent?.startsWith("notes"),
      undefined,
      { timeout: 60_000 },
    );
    await page.click("#catalog button:text-is('create_note')");
    await page.fill("#field-title", "from the page");
    await page.click("#detail button[type=submit]");
    await page.waitForFunction(() => document.body.dataset.state === "done");
    expect(await page.textContent("#result")).toContain("from the page");
    // A note is a new resource: list_changed reaches the page and the catalog lists it.
    await page.waitForSelector("#catalog button:has-text('notes://note/')");
    await page.screenshot({ path: join(ARTIFACTS, "playground-notes.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});

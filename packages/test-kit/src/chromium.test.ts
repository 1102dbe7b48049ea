import { afterEach, describe, expect, it } from "vitest";
import { launchChromium, resolveChromium } from "./chromium.js";

describe("the Chromium the tests drive", () => {
  const saved = { pick: process.env.WASI_MCP_CHROMIUM, path: process.env.CHROMIUM_PATH };
  afterEach(() => {
    restore("WASI_MCP_CHROMIUM", saved.pick);
    restore("CHROMIUM_PATH", saved.path);
  });

  it("the npm package's Chromium unpacks and runs a page with WebAssembly (no system browser needed)", async () => {
    process.env.WASI_MCP_CHROMIUM = "bundled";
    delete process.env.CHROMIUM_PATH;
    const resolved = await resolveChromium();
    expect(resolved.executablePath).toMatch(/wasi-mcp-chromium-[\d.]+\/chromium$/);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent("<p>ready</p>");
      const wasm = await page.evaluate("WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))");
      expect(wasm).toBe(true);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it("a CHROMIUM_PATH that does not exist is an error naming it", async () => {
    process.env.CHROMIUM_PATH = "/nonexistent/chromium";
    await expect(resolveChromium()).rejects.toThrow("/nonexistent/chromium");
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

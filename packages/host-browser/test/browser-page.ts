// Starts what a Chromium test needs: the fixture page bundled, a static server, a browser, a page.
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, type TestBrowser } from "@wasi-mcp/test-kit/chromium";
import { build } from "esbuild";
import type { Page } from "playwright-core";
import { type StaticServer, serveStatic } from "../src/node/static-server.js";
import type { Fixture } from "./fixture/page.js";

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, "..");
const repoRoot = join(packageRoot, "../..");

/** The test page and everything behind it; `close()` stops all of it, whatever was started. */
export interface BrowserPage {
  page: Page;
  url: string;
  /** Page console lines and errors, for failure messages. */
  console: string[];
  close(): Promise<void>;
}

/** URL path of a built example component, as the test server serves it. */
export function componentUrl(name: string): string {
  return `/components/${name}/dist/${name}.wasm`;
}

/**
 * Bundles the fixture page, serves it with the host bundle and the components, opens it in
 * Chromium; `crossOriginIsolated` serves it with COOP/COEP, which components need to ask the client.
 */
export async function openBrowserPage(options: { crossOriginIsolated?: boolean } = {}): Promise<BrowserPage> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const site = await mkdtemp(join(tmpdir(), "wasi-mcp-fixture-"));
    cleanups.push(() => rm(site, { recursive: true, force: true }));
    await build({
      entryPoints: [join(here, "fixture/page.ts")],
      outfile: join(site, "page.js"),
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2023",
      external: ["/host/*"],
      logLevel: "error",
    });
    await copyFile(join(here, "fixture/index.html"), join(site, "index.html"));
    const server: StaticServer = await serveStatic(
      {
        "/": site,
        "/host/": join(packageRoot, "dist/browser"),
        "/components/": join(repoRoot, "examples/components"),
      },
      options,
    );
    cleanups.push(() => server.close());
    const chrome: TestBrowser = await launchChromium();
    cleanups.push(() => chrome.close());
    const page = await chrome.newPage();
    const lines: string[] = [];
    page.on("console", (message) => lines.push(`${message.type()}: ${message.text()}`));
    page.on("pageerror", (error) => lines.push(`pageerror: ${error.message}`));
    await page.goto(server.url);
    await page.waitForFunction(() => document.title === "ready");
    return { page, url: server.url, console: lines, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs `fn` in the page with the fixture. */
export function inPage<T, A>(page: Page, fn: (fixture: Fixture, arg: A) => Promise<T>, arg: A): Promise<T> {
  return page.evaluate(
    ({ source, arg }) => {
      const f = new Function(`return (${source})`)() as (fixture: unknown, arg: unknown) => Promise<unknown>;
      return f((globalThis as unknown as { fixture: unknown }).fixture, arg);
    },
    { source: fn.toString(), arg },
  ) as Promise<T>;
}

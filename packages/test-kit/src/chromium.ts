import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { bundledChromium, type ChromiumExecutable } from "./bundled-chromium.js";

/** The system's Chromium (Debian's package), used when it is there. */
export const SYSTEM_CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Which Chromium the tests drive: `$CHROMIUM_PATH` when set (it must exist); else the system's
 * when installed; else the one inside the `@sparticuz/chromium` npm package, which installs with
 * the workspace — so the README's `npm test` needs no root and no browser download.
 * `WASI_MCP_CHROMIUM=bundled` picks the npm package's even where the system has one.
 */
export async function resolveChromium(): Promise<ChromiumExecutable> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== "") {
    if (!existsSync(configured)) {
      throw new Error(`[@wasi-mcp/test-kit] CHROMIUM_PATH names ${configured}, which does not exist`);
    }
    return { executablePath: configured, env: {} };
  }
  if (process.env.WASI_MCP_CHROMIUM !== "bundled" && existsSync(SYSTEM_CHROMIUM_PATH)) {
    return { executablePath: SYSTEM_CHROMIUM_PATH, env: {} };
  }
  return bundledChromium();
}

/**
 * The flags every test browser gets besides `--headless` (which playwright adds for
 * `headless: true`, and drops when passed in `args`): no network of its own, no first-run work.
 */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A headless Chromium with a fresh profile; `close()` ends the browser and removes the profile. */
export interface TestBrowser {
  /** The browser's one context (a persistent context over the fresh profile). */
  context: BrowserContext;
  /** Opens a page. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts a headless Chromium (see {@link resolveChromium}) through playwright-core, with a fresh
 * `--user-data-dir`. Fails (never skips) when no Chromium can be started.
 *
 * @example
 * ```ts
 * const chrome = await launchChromium();
 * try { const page = await chrome.newPage(); } finally { await chrome.close(); }
 * ```
 */
export async function launchChromium(): Promise<TestBrowser> {
  const browser = await resolveChromium();
  const profile = await mkdtemp(join(tmpdir(), "wasi-mcp-chromium-"));
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.executablePath,
      env: { ...process.env, ...browser.env },
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 900 },
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  const opened = context;
  return {
    context: opened,
    newPage: () => opened.newPage(),
    close: async () => {
      await opened.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

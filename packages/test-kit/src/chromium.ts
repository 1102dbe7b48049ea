import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Debian's Chromium; browser downloads are not possible here, so tests use the system's. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

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
 * Starts Debian's headless Chromium through playwright-core, with a fresh `--user-data-dir`.
 * Fails (never skips) when Chromium is missing, saying how to install it.
 *
 * @example
 * ```ts
 * const chrome = await launchChromium();
 * try { const page = await chrome.newPage(); } finally { await chrome.close(); }
 * ```
 */
export async function launchChromium(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `[@wasi-mcp/test-kit] Chromium is not installed at ${CHROMIUM_PATH}: install it with ` +
        "`apt-get update && apt-get install -y chromium` (.ci/run does this), or set CHROMIUM_PATH",
    );
  }
  const profile = await mkdtemp(join(tmpdir(), "wasi-mcp-chromium-"));
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
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

// Builds a TypeScript server with `wasi-mcp-build` in a temporary directory, the way a user of the
// published kit would (the kit linked into node_modules), and serves it with `mcp-compositor serve`
// over stdio to a real SDK client.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

// These tests live with the compositor, not in the kit's package, so the package graph stays
// acyclic (the compositor's tests already depend on components built with the kit).
const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
const packageDir = join(repo, "packages", "guest");
const buildCli = join(repo, "packages", "build", "dist", "cli.js");
const compositorCli = join(repo, "examples", "mcp-compositor", "dist", "cli.js");

/** The guest package's own directory (for reading its README). */
export const GUEST_PACKAGE_DIR = packageDir;

/**
 * Componentizing takes ≈ 3 s alone, but 60–85 s was measured while turbo ran other packages'
 * builds and tests on the same 2 cores (`npm test`); the budget leaves room above that.
 */
export const BUILD_AND_SERVE_BUDGET_MS = 300_000;

/** A built and served component. */
export interface BuiltComponent {
  /** Where `server.ts` and `server.wasm` are. */
  dir: string;
  /** What the build printed on stderr. */
  buildLog: string;
  client: Client;
  /** Closes the client (ending the server process) and removes the directory. */
  close(): Promise<void>;
}

/**
 * Writes `source` as `server.ts`, runs `wasi-mcp-build server.ts <args…>` and connects a client to
 * `mcp-compositor serve server.wasm` — under `policy` when one is given (through a configuration
 * file). The directory is removed by `close()`, or here when a step fails.
 */
export async function buildAndServe(
  source: string,
  buildArgs: string[],
  policy?: Record<string, unknown>,
): Promise<BuiltComponent> {
  const dir = mkdtempSync(join(tmpdir(), "wasi-mcp-guest-built-"));
  let client: Client | undefined;
  try {
    writeFileSync(join(dir, "server.ts"), source);
    // What `npm install @wasi-mcp/guest` leaves behind.
    mkdirSync(join(dir, "node_modules", "@wasi-mcp"), { recursive: true });
    symlinkSync(packageDir, join(dir, "node_modules", "@wasi-mcp", "guest"));
    const { stderr } = await promisify(execFile)(process.execPath, [buildCli, "server.ts", ...buildArgs], {
      cwd: dir,
      timeout: BUILD_AND_SERVE_BUDGET_MS,
      killSignal: "SIGKILL",
    });
    const wasm = join(dir, "server.wasm");
    let served = [wasm];
    if (policy) {
      writeFileSync(join(dir, "config.json"), JSON.stringify({ components: [{ path: wasm, policy }] }));
      served = ["--config", join(dir, "config.json")];
    }
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [compositorCli, "serve", ...served, "--cache-dir", join(dir, "cache")],
      stderr: "ignore",
    });
    client = new Client({ name: "guest-test", version: "0.0.0" });
    await client.connect(transport);
    const connected = client;
    return {
      dir,
      buildLog: stderr,
      client: connected,
      close: async () => {
        await connected.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await client?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

// The `mcp-compositor` bin (dist/launcher.js): it starts Node again in place with the measured
// memory settings, and stdout still carries protocol bytes only.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const launcher = join(root, "dist", "launcher.js");
const HELLO = join(root, "..", "components", "hello", "dist", "hello.wasm");
const cacheDir = mkdtempSync(join(tmpdir(), "compositor-launcher-cache-"));

/** The environment of a running process (Linux). */
function environmentOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
}

describe.runIf(process.platform === "linux")("the mcp-compositor bin", () => {
  // Started again as dist/cli.js with the setting; a value the user set is kept (nothing to re-run).
  it.each([
    [{}, "MALLOC_ARENA_MAX=2", "cli.js"],
    [{ MALLOC_ARENA_MAX: "8" }, "MALLOC_ARENA_MAX=8", "launcher.js"],
  ])(
    "serves over stdio in the same process with its memory settings (env %j)",
    async (env, expected, script) => {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [launcher, "serve", HELLO, "--cache-dir", cacheDir],
        env: { ...(process.env as Record<string, string>), ...env },
        stderr: "pipe",
      });
      const client = new Client({ name: "launcher-test", version: "0" });
      // The client fails on any stdout line that is not JSON-RPC.
      await client.connect(transport);
      try {
        const echoed = await client.callTool({ name: "echo", arguments: { text: "in place" } });
        expect(echoed.content).toEqual([{ type: "text", text: "in place" }]);
        const pid = transport.pid as number;
        expect(environmentOf(pid)).toContain(expected);
        expect(readFileSync(`/proc/${pid}/cmdline`, "utf8")).toContain(script);
      } finally {
        await client.close();
      }
    },
  );
});

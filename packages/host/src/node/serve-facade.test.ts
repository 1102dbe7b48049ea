import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { WebSocketClientTransport } from "@modelcontextprotocol/sdk/client/websocket.js";
import { createPlainBackend } from "@wasi-mcp/router";
import { afterAll, describe, expect, it } from "vitest";
import { serve } from "./serve-facade.js";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const repoRoot = join(packageRoot, "..", "..");

/** The code block after `<!-- example: name -->` in the README. */
function readmeExample(name: string): string {
  const readme = readFileSync(join(packageRoot, "README.md"), "utf8");
  const match = readme.match(new RegExp(`<!-- example: ${name} -->\\n\`\`\`js\\n([\\s\\S]*?)\\n\`\`\``));
  if (!match?.[1]) throw new Error(`README has no example "${name}"`);
  return match[1];
}

describe("serve", () => {
  const script = join(packageRoot, `.readme-serve-http-${process.pid}.mjs`);
  afterAll(() => rmSync(script, { force: true }));

  it("runs the README's HTTP example as written (the built package, from the repository root)", async () => {
    // Beside package.json, so that `@wasi-mcp/host` resolves to this package's build.
    writeFileSync(script, readmeExample("serve-http"));
    const { stdout } = await promisify(execFile)(process.execPath, [script], {
      cwd: repoRoot,
      timeout: 60_000,
    });
    expect(stdout).toMatch(/^serving [1-9]\d* tools at http:\/\/127\.0\.0\.1:\d+\/mcp\n$/);
  }, 70_000);

  it("runs the README's mount example as written", async () => {
    const mount = join(packageRoot, `.readme-mount-${process.pid}.mjs`);
    try {
      writeFileSync(mount, readmeExample("mount"));
      const { stdout } = await promisify(execFile)(process.execPath, [mount], {
        cwd: repoRoot,
        timeout: 60_000,
      });
      expect(stdout).toMatch(/mounted/);
    } finally {
      rmSync(mount, { force: true });
    }
  }, 70_000);

  it("serves over WebSocket, loading the transport on demand", async () => {
    const component = {
      backend: createPlainBackend({
        name: "plain",
        version: "1",
        tools: [{ name: "echo", inputSchema: { type: "object" }, call: () => ({ content: [] }) }],
      }),
    };
    const server = await serve(component, { transport: "ws" });
    try {
      expect(server.url?.href).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
      const client = new Client({ name: "t", version: "0" });
      await client.connect(new WebSocketClientTransport(server.url as URL));
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("echo");
      await client.close();
    } finally {
      await server.close();
    }
    await expect(server.closed).resolves.toBeUndefined();
  }, 60_000);
});

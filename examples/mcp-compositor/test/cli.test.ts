import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.js");
const components = join(root, "..", "components");
const HELLO = join(components, "hello", "dist", "hello.wasm");
const FIXTURE = join(components, "host-fixture", "dist", "host-fixture.wasm");
const cacheDir = mkdtempSync(join(tmpdir(), "compositor-cli-cache-"));

function writeJson(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "compositor-cli-")), "config.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 120_000 });
}

describe("mcp-compositor serve --config, over stdio", () => {
  it("serves two components as one namespaced server, routing calls to each", async () => {
    const config = writeJson({
      components: [
        { path: HELLO, namespace: "hello" },
        { path: FIXTURE, name: "fixture", policy: { deadlineMs: 500 } },
      ],
    });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cli, "serve", "--config", config, "--cache-dir", cacheDir],
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: "cli-test", version: "0" });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()?.name).toBe("mcp-compositor");
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(["hello__echo", "fixture__echo", "fixture__loop"]));
      const added = await client.callTool({ name: "hello__add", arguments: { a: 40, b: 2 } });
      expect(added.structuredContent).toEqual({ sum: 42 });
      await expect(client.callTool({ name: "fixture__loop", arguments: {} })).rejects.toMatchObject({
        code: -32001,
      });
      const echoed = await client.callTool({ name: "hello__echo", arguments: { text: "unharmed" } });
      expect(echoed.content).toEqual([{ type: "text", text: "unharmed" }]);
      expect(stderr).toMatch(/hello: 2 tools, 1 resource, 0 resource templates, 1 prompt; loaded in/);
      expect(stderr).toMatch(/fixture: restarting/);
    } finally {
      await client.close();
    }
  });
});

describe("mcp-compositor validate and inspect", () => {
  it("accepts a valid configuration", () => {
    const result = run(["validate", writeJson({ components: [{ path: "a.wasm" }, { path: "b.wasm" }] })]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/: valid — 2 components \(a, b\), transport stdio/);
  });

  it("names the file and every problem of a bad configuration, exiting 1", () => {
    const file = writeJson({
      components: [{ path: "a.wasm", policy: { poolSize: 0 } }],
      transport: { port: "x" },
    });
    const result = run(["validate", file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`mcp-compositor: error: ${file}:`);
    expect(result.stderr).toContain("/components/0/policy/poolSize: must be >= 1");
    expect(result.stderr).toContain("/transport/port: must be integer");
  });

  it("names a configuration that is not JSON", () => {
    const file = writeJson("{ nope");
    const result = run(["serve", "--config", file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}: not valid JSON`);
  });

  it("prints what a component registers", () => {
    const result = run(["inspect", HELLO, "--cache-dir", cacheDir]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("hello 0.1.0 — Hello component");
    expect(result.stdout).toContain("tools (2)");
    expect(result.stdout).toContain('input  {"type":"object","properties":{"text"');
    expect(result.stdout).toContain("hello://greeting  greeting (text/plain)");
    expect(result.stdout).toContain("greet(name) — Asks the model to greet a person by name.");
    const json = JSON.parse(run(["inspect", HELLO, "--json", "--cache-dir", cacheDir]).stdout);
    expect(json.tools.map((t: { name: string }) => t.name)).toEqual(["echo", "add"]);
    // Idle memory: the process's RSS, what the component added, its one instance's linear memory.
    expect(result.stdout).toMatch(
      /memory idle: \d+\.\d MiB RSS, \d+\.\d MiB of it for this component \(1 instance, linear memory \d+\.\d MiB\)/,
    );
    expect(json.memory.instances).toBe(1);
    expect(json.memory.linearMemoryBytes[0]).toBeGreaterThan(1024 * 1024);
    expect(json.memory.rssBytes).toBeGreaterThan(json.memory.loadedRssBytes);
    expect(json.memory.loadedRssBytes).toBeGreaterThan(json.memory.linearMemoryBytes[0]);
  });

  it("has --help on each command", () => {
    for (const command of ["serve", "inspect", "validate"]) {
      const result = run([command, "--help"]);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Usage: mcp-compositor ${command}`);
    }
  });

  it("refuses a component URL without --sha256, naming the flag", () => {
    const result = run(["serve", "https://127.0.0.1:9/x.wasm"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "mcp-compositor: error: 1 component URL but 0 --sha256: give one --sha256 <hex> per URL",
    );
  });

  it("refuses a requestState key shorter than 32 bytes, naming where it came from", () => {
    const file = join(mkdtempSync(join(tmpdir(), "compositor-cli-")), "state.key");
    writeFileSync(file, "too-short\n");
    const result = run(["serve", HELLO, "--request-state-key-file", file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `mcp-compositor: error: --request-state-key-file ${file}: the requestState key has 9 bytes; it needs at least 32`,
    );
    const fromEnv = spawnSync(process.execPath, [cli, "serve", HELLO], {
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, WASI_MCP_REQUEST_STATE_KEY: "short" },
    });
    expect(fromEnv.status).toBe(1);
    expect(fromEnv.stderr).toContain("$WASI_MCP_REQUEST_STATE_KEY: the requestState key has 5 bytes");
  });

  it("refuses components given both ways", () => {
    const result = run(["serve", HELLO, "--config", writeJson({ components: [{ path: HELLO }] })]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("give components either as arguments or in --config, not both");
  });
});

describe("the bundled examples configuration", () => {
  it("is valid", () => {
    const result = run(["validate", join(root, "examples.json")]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(
      /valid — 4 components \(hello, everything, notes, fs-reader\), transport http/,
    );
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { readConfig } from "../config.js";
import { validateCommand } from "../validate-command.js";
import { toolAllowed } from "./upstream-config.js";

function writeConfig(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "compositor-upstream-config-"));
  const file = join(dir, "mcp-compositor.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe("upstreams in a configuration file", () => {
  it("reads stdio and HTTP upstreams, resolving a cwd against the file's folder", async () => {
    const file = writeConfig({
      components: [{ path: "hello.wasm" }],
      upstreams: {
        files: { command: "npx", args: ["server"], env: { A: "1" }, cwd: "work", denyTools: ["write_*"] },
        remote: {
          url: "https://example.test/mcp",
          headers: { authorization: "Bearer x" },
          callTimeoutMs: 5000,
        },
      },
    });
    const config = await readConfig(file);
    expect(config.upstreams).toEqual({
      files: {
        command: "npx",
        args: ["server"],
        env: { A: "1" },
        cwd: join(file, "..", "work"),
        denyTools: ["write_*"],
      },
      remote: {
        url: "https://example.test/mcp",
        headers: { authorization: "Bearer x" },
        callTimeoutMs: 5000,
      },
    });
  });

  it("refuses an upstream that is neither a command nor a URL, or has unknown properties", async () => {
    await expect(
      readConfig(writeConfig({ components: [{ path: "a.wasm" }], upstreams: { x: {} } })),
    ).rejects.toThrow(/\/upstreams\/x: missing property "(command|url)"/);
    await expect(
      readConfig(writeConfig({ components: [{ path: "a.wasm" }], upstreams: { x: { url: "ftp://h" } } })),
    ).rejects.toThrow(/\/upstreams\/x\/url: must match pattern/);
    await expect(
      readConfig(
        writeConfig({
          components: [{ path: "a.wasm" }],
          upstreams: { x: { command: "c", maxConcurrency: 0 } },
        }),
      ),
    ).rejects.toThrow(/\/upstreams\/x\/maxConcurrency: must be >= 1/);
  });

  it("refuses a namespace a component has, naming both sides", async () => {
    const file = writeConfig({
      components: [{ path: "tools/hello.wasm", namespace: "shared" }],
      upstreams: { shared: { command: "c" } },
    });
    await expect(readConfig(file)).rejects.toThrow(
      /\/upstreams\/shared: namespace "shared" is also the component hello's \(.*tools\/hello\.wasm\)/,
    );
  });
});

describe("validate", () => {
  it("lists the upstreams beside the components", async () => {
    const file = writeConfig({
      components: [{ path: "hello.wasm" }],
      upstreams: { files: { command: "npx" }, remote: { url: "http://127.0.0.1:9/mcp" } },
    });
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      await validateCommand(file);
      expect(write).toHaveBeenCalledWith(
        `${file}: valid — 1 component (hello), 2 upstreams (files: npx, remote: http://127.0.0.1:9/mcp), transport stdio\n`,
      );
    } finally {
      write.mockRestore();
    }
  });
});

describe("toolAllowed", () => {
  it("serves what the allow patterns match and the deny patterns do not", () => {
    const bounds = { allowTools: ["read_*", "list_directory"], denyTools: ["read_media_*"] };
    expect(toolAllowed("read_text_file", bounds)).toBe(true);
    expect(toolAllowed("list_directory", bounds)).toBe(true);
    expect(toolAllowed("read_media_file", bounds)).toBe(false);
    expect(toolAllowed("write_file", bounds)).toBe(false);
    expect(toolAllowed("a.b", { allowTools: ["a*b"] })).toBe(true);
    expect(toolAllowed("aXb", { allowTools: ["a.b"] })).toBe(false);
    expect(toolAllowed("anything", {})).toBe(true);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { inspectCommand } from "../src/inspect-command.js";
import { HANGING } from "./upstream-kit.js";

describe("inspect --config --upstream", () => {
  const dir = mkdtempSync(join(tmpdir(), "compositor-inspect-upstream-"));
  const file = join(dir, "config.json");
  writeFileSync(
    file,
    JSON.stringify({
      components: [{ path: "hello.wasm" }],
      upstreams: { small: { command: process.execPath, args: [HANGING], denyTools: ["freeze"] } },
    }),
  );
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints what the upstream serves, after its patterns", async () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      await inspectCommand(undefined, { config: file, upstream: "small", json: true });
      const report = JSON.parse(String(write.mock.calls[0]?.[0]));
      expect(report.serverInfo).toMatchObject({ name: "hanging", version: "1.0.0" });
      expect(report.tools.map((t: { name: string }) => t.name)).toEqual(["ping_me"]);
    } finally {
      write.mockRestore();
    }
  });

  it("names the upstreams a configuration has when asked for another", async () => {
    await expect(inspectCommand(undefined, { config: file, upstream: "other" })).rejects.toThrow(
      /no upstream "other" \(upstreams: small\)/,
    );
  });
});

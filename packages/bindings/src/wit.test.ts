import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IMPORT_NAMES, WIT_PACKAGE, WIT_VERSIONS, WORLDS, witDirectory } from "./index.js";

describe("shipped WIT", () => {
  const dir = witDirectory();
  const files = readdirSync(dir).filter((f) => f.endsWith(".wit"));
  const text = files.map((f) => readFileSync(join(dir, f), "utf8")).join("\n");

  it("declares the package version the bindings claim", () => {
    for (const file of files) {
      expect(readFileSync(join(dir, file), "utf8")).toContain(`package ${WIT_PACKAGE};`);
    }
  });

  it("declares every world", () => {
    for (const world of WORLDS) expect(text).toMatch(new RegExp(`world ${world} \\{`));
  });

  it("keeps all nine runtime functions and seven handler exports", () => {
    const runtime = [
      "register-server",
      "register-tools",
      "register-resources",
      "register-resource-templates",
      "register-prompts",
      "serve",
      "send-notification",
      "log",
      "report-progress",
    ];
    const handlers = [
      "call-tool",
      "read-resource",
      "get-prompt",
      "handle-subscribe",
      "handle-unsubscribe",
      "handle-complete",
      "handle-elicit",
    ];
    for (const fn of [...runtime, ...handlers]) expect(text).toMatch(new RegExp(`\\n\\s+${fn}: func\\(`));
  });

  it("names the import interfaces as jco keys them", () => {
    expect(IMPORT_NAMES.runtime).toBe("wasi:mcp/runtime");
    expect(text).toContain("interface runtime {");
  });

  it("adds the 0.2.0 runtime functions", () => {
    for (const fn of [
      "request-input",
      "request-roots",
      "unregister-tools",
      "unregister-resources",
      "unregister-resource-templates",
      "unregister-prompts",
      "set-cache-hint",
    ]) {
      expect(text).toMatch(new RegExp(`@since\\(version = 0\\.2\\.0\\)\\n\\s+${fn}: func\\(`));
    }
  });
});

describe("older WIT versions", () => {
  it("ships 0.1.0 unchanged beside the newest, every item of it still in the newest", () => {
    expect(WIT_VERSIONS).toEqual(["0.1.0", "0.2.0"]);
    const old = witDirectory("0.1.0");
    const newest = witDirectory();
    for (const file of readdirSync(old).filter((f) => f.endsWith(".wit"))) {
      const before = readFileSync(join(old, file), "utf8");
      expect(before).toContain("package wasi:mcp@0.1.0;");
      const after = readFileSync(join(newest, file), "utf8");
      // Additive: every 0.1.0 line (the package line aside) is still there, in order.
      let at = 0;
      for (const line of before.split("\n").filter((l) => l.trim() && !l.startsWith("package "))) {
        const found = after.indexOf(line, at);
        expect(found, `${file}: ${line}`).toBeGreaterThanOrEqual(0);
        at = found + line.length;
      }
    }
  });

  it("refuses a version it does not ship", () => {
    expect(() => witDirectory("9.9.9" as never)).toThrow(/ships 0\.1\.0, 0\.2\.0/);
  });
});

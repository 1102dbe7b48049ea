import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IMPORT_NAMES, WIT_PACKAGE, WORLDS, witDirectory } from "./index.js";

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
});

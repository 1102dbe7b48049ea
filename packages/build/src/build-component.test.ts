import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildComponent } from "./build-component.js";

// Componentizing takes ≈ 2 s alone, but 61–85 s was measured while turbo ran other packages' builds
// and tests on the same 2 cores (`npm test`); the budget leaves room above that.
const COMPONENTIZE_BUDGET_MS = 300_000;

describe("buildComponent", () => {
  const dir = mkdtempSync(join(tmpdir(), "wasi-mcp-build-"));

  it("names the source when it does not exist", async () => {
    await expect(
      buildComponent({ source: join(dir, "missing.js"), output: join(dir, "o.wasm") }),
    ).rejects.toThrow(/missing\.js: no such file/);
  });

  it("rejects an unknown world", async () => {
    await expect(
      buildComponent({ source: "x.js", output: "o.wasm", world: "mcp-nope" as "mcp-backend" }),
    ).rejects.toThrow(/unknown world "mcp-nope"/);
  });

  it("fails clearly, before componentizing, when the module does not implement the world", async () => {
    const source = join(dir, "incomplete.ts");
    writeFileSync(source, "export const run = { run(): void {} };\n");
    await expect(buildComponent({ source, output: join(dir, "incomplete.wasm") })).rejects.toThrow(
      /incomplete\.ts: does not export `handlers`, required by world mcp-backend; write e\.g\. export const \{ run, handlers \} = defineServer/,
    );
  });

  it(
    "still lets componentize judge an unbundled module",
    async () => {
      const source = join(dir, "incomplete.js");
      writeFileSync(source, "export const run = { run() {} };\n");
      await expect(
        buildComponent({ source, output: join(dir, "incomplete.wasm"), bundle: false }),
      ).rejects.toThrow(/incomplete\.js: componentize failed: .*handlers/s);
    },
    COMPONENTIZE_BUDGET_MS,
  );

  it("says what to change when the module imports wasi:mcp 0.2.0 and a custom world includes 0.1.0", async () => {
    const source = join(dir, "newer.ts");
    writeFileSync(
      source,
      'import { serve } from "wasi:mcp/runtime@0.2.0";\n' +
        "export const run = { run(): void { serve(); } };\n" +
        "export const handlers = {};\n",
    );
    const wit = join(dir, "older-world");
    mkdirSync(wit, { recursive: true });
    writeFileSync(
      join(wit, "world.wit"),
      "package example:custom@0.1.0;\nworld mcp-backend {\n  include wasi:mcp/mcp-backend@0.1.0;\n}\n",
    );
    await expect(buildComponent({ source, output: join(dir, "newer.wasm"), witPath: wit })).rejects.toThrow(
      /newer\.ts: imports wasi:mcp\/runtime@0\.2\.0 .*includes wasi:mcp@0\.1\.0 only.*to @0\.2\.0/,
    );
  });
});

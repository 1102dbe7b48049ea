import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundleModule } from "./bundle.js";
import { checkModuleContract } from "./module-contract.js";

describe("bundleModule", () => {
  const dir = mkdtempSync(join(tmpdir(), "wasi-mcp-bundle-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("strips types, inlines local and package imports, keeps wasi:* external", async () => {
    mkdirSync(join(dir, "node_modules", "shout"), { recursive: true });
    writeFileSync(join(dir, "node_modules", "shout", "package.json"), '{"name":"shout","main":"index.js"}');
    writeFileSync(join(dir, "node_modules", "shout", "index.js"), "exports.shout = (s) => s.toUpperCase();");
    writeFileSync(join(dir, "util.ts"), "export const greet = (who: string): string => 'hi ' + who;\n");
    writeFileSync(
      join(dir, "server.ts"),
      [
        'import { serve } from "wasi:mcp/runtime@0.1.0";',
        'import { shout } from "shout";',
        'import { greet } from "./util.js";',
        "interface Unused { x: number }",
        "export const run = { run(): void { serve(); } };",
        "export const handlers = { hello: (w: string) => shout(greet(w)) };",
      ].join("\n"),
    );
    const bundle = await bundleModule(join(dir, "server.ts"));
    try {
      expect(bundle.exports.sort()).toEqual(["handlers", "run"]);
      expect(bundle.imports).toEqual(["wasi:mcp/runtime@0.1.0"]);
      const code = readFileSync(bundle.file, "utf8");
      expect(code).toContain('from "wasi:mcp/runtime@0.1.0"');
      expect(code).toContain("toUpperCase");
      expect(code).not.toContain("interface");
    } finally {
      await bundle.dispose();
    }
  });

  it("names the file, line and missing package when an import does not resolve", async () => {
    writeFileSync(join(dir, "broken.ts"), 'import { x } from "@nowhere/pkg/sub";\nexport const run = x;\n');
    await expect(bundleModule(join(dir, "broken.ts"), "broken.ts")).rejects.toThrow(
      /broken\.ts: bundling failed:\n.*broken\.ts:1:19: Could not resolve "@nowhere\/pkg\/sub" \(is it installed\? npm install @nowhere\/pkg\)/,
    );
  });

  it("reports syntax errors with their position", async () => {
    writeFileSync(join(dir, "syntax.ts"), "export const run = {;\n");
    await expect(bundleModule(join(dir, "syntax.ts"), "syntax.ts")).rejects.toThrow(/syntax\.ts:1:\d+: /);
  });
});

describe("checkModuleContract", () => {
  it("accepts a backend module exporting run and handlers and importing the runtime", () => {
    expect(() =>
      checkModuleContract(
        { exports: ["handlers", "run"], imports: ["wasi:mcp/runtime@0.1.0"] },
        "mcp-backend",
        "s.ts",
      ),
    ).not.toThrow();
  });

  it("rejects an import the world does not provide", () => {
    expect(() =>
      checkModuleContract(
        { exports: ["handlers", "run"], imports: ["wasi:mcp/client@0.1.0"] },
        "mcp-backend",
        "s.ts",
      ),
    ).toThrow(
      "s.ts: imports wasi:mcp/client@0.1.0, which world mcp-backend does not provide (it provides wasi:mcp/runtime@0.1.0, wasi:mcp/runtime@0.2.0, wasi:mcp/skills@0.2.0)",
    );
  });

  it("leaves other wasi interfaces (a custom --wit world) to the componentizer", () => {
    expect(() =>
      checkModuleContract(
        {
          exports: ["handlers", "run"],
          imports: ["wasi:mcp/runtime@0.1.0", "wasi:filesystem/preopens@0.2.12"],
        },
        "mcp-backend",
        "s.ts",
      ),
    ).not.toThrow();
  });

  it("names every missing export", () => {
    expect(() => checkModuleContract({ exports: [], imports: [] }, "mcp-proxy", "p.ts")).toThrow(
      "p.ts: does not export `run` and `handlers`, required by world mcp-proxy",
    );
  });
});

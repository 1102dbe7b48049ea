import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { witDirectory } from "@wasi-mcp/bindings";
import { afterEach, describe, expect, it } from "vitest";
import { checkWitCoversModule, moduleWitVersion, resolveWit } from "./wit-resolution.js";

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function customWorld(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "wit-resolution-test-"));
  scratch.push(dir);
  writeFileSync(join(dir, "world.wit"), text);
  return dir;
}

describe("moduleWitVersion", () => {
  it("reads the version a module imports, the newest when it names none", () => {
    expect(moduleWitVersion(["wasi:mcp/runtime@0.1.0"], "a.js")).toBe("0.1.0");
    expect(moduleWitVersion(["wasi:mcp/runtime@0.2.0", "wasi:filesystem/preopens@0.2.12"], "a.js")).toBe(
      "0.2.0",
    );
    expect(moduleWitVersion([], "a.js")).toBe("0.2.0");
  });

  it("refuses mixed or unknown versions, naming the file", () => {
    expect(() => moduleWitVersion(["wasi:mcp/runtime@0.1.0", "wasi:mcp/client@0.2.0"], "a.js")).toThrow(
      "a.js: imports wasi:mcp at versions 0.1.0 and 0.2.0; use one",
    );
    expect(() => moduleWitVersion(["wasi:mcp/runtime@0.9.0"], "a.js")).toThrow(
      "a.js: wasi:mcp@0.9.0 is not shipped by this @wasi-mcp/bindings (it has 0.1.0, 0.2.0)",
    );
  });
});

describe("resolveWit", () => {
  it("uses the shipped package of the version when there is no custom world", async () => {
    const wit = await resolveWit(undefined, "0.1.0", "a.js");
    expect(wit.path).toBe(witDirectory("0.1.0"));
  });

  it("adds the wasi:mcp package a custom world references, in a scratch copy removed after", async () => {
    const dir = customWorld(
      "package example:custom@0.1.0;\nworld mcp-backend {\n  include wasi:mcp/mcp-backend@0.2.0;\n}\n",
    );
    const wit = await resolveWit(dir, "0.2.0", "a.ts");
    expect(wit.path).not.toBe(dir);
    expect(wit.versions).toEqual(["0.2.0"]);
    const added = join(wit.path, "deps", "wasi-mcp-0.2.0");
    expect(readdirSync(added).sort()).toEqual(
      readdirSync(witDirectory())
        .filter((f) => f.endsWith(".wit"))
        .sort(),
    );
    expect(readFileSync(join(added, "runtime.wit"), "utf8")).toContain("package wasi:mcp@0.2.0;");
    expect(existsSync(join(dir, "deps"))).toBe(false);
    await wit.dispose();
    expect(existsSync(wit.path)).toBe(false);
  });

  it("leaves a world that brings its own wasi:mcp package as it is", async () => {
    const dir = customWorld(
      "package example:custom@0.1.0;\nworld w {\n  include wasi:mcp/mcp-backend@0.1.0;\n}\n",
    );
    mkdirSync(join(dir, "deps", "mcp"), { recursive: true });
    writeFileSync(join(dir, "deps", "mcp", "types.wit"), "package wasi:mcp@0.1.0;\n");
    const wit = await resolveWit(dir, "0.2.0", "a.ts");
    expect(wit.path).toBe(dir);
  });

  it("names the directory that cannot be used", async () => {
    await expect(resolveWit("/nonexistent/wit", "0.2.0", "a.ts")).rejects.toThrow(
      "--wit /nonexistent/wit: cannot read the WIT directory (ENOENT)",
    );
    const empty = mkdtempSync(join(tmpdir(), "wit-resolution-empty-"));
    scratch.push(empty);
    await expect(resolveWit(empty, "0.2.0", "a.ts")).rejects.toThrow(/no \.wit files/);
  });
});

describe("checkWitCoversModule", () => {
  it("says what to change when the kit imports 0.2.0 and the custom world includes 0.1.0", () => {
    expect(() =>
      checkWitCoversModule(
        ["wasi:mcp/runtime@0.2.0", "wasi:cli/environment@0.2.12"],
        ["0.1.0"],
        "src/wit",
        "server.ts",
      ),
    ).toThrow(
      "server.ts: imports wasi:mcp/runtime@0.2.0 (the guest kit imports wasi:mcp 0.2.0), but the world in --wit src/wit includes wasi:mcp@0.1.0 only, so the component could not link. Change the world's `include wasi:mcp/<world>@…;` to @0.2.0",
    );
  });

  it("accepts a module whose wasi:mcp imports the world includes, or one with none", () => {
    expect(() => checkWitCoversModule(["wasi:mcp/runtime@0.2.0"], ["0.2.0"], "w", "a.ts")).not.toThrow();
    expect(() =>
      checkWitCoversModule(["wasi:mcp/runtime@0.1.0"], ["0.1.0", "0.2.0"], "w", "a.ts"),
    ).not.toThrow();
    expect(() => checkWitCoversModule(["wasi:http/types@0.2.12"], ["0.1.0"], "w", "a.ts")).not.toThrow();
  });
});

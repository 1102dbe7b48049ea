// Issue 24's filesystem attacks 1 and 2 and the `bad-descriptor` listing, made by a real component
// (host-fixture's `fs` tool hands the guest's calls to wasi:filesystem unchanged) in its worker.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, callFsTool, FIXTURE, type FsOutcome } from "./fixture.js";

describe("a component's rights on its descriptors and on its preopens themselves", () => {
  const base = mkdtempSync(join(tmpdir(), "wasi-mcp-rights-component-"));
  const ro = join(base, "ro");
  const rw = join(base, "rw");
  const OLD = 1_000_000_000;
  let component: LoadedComponent;

  beforeAll(async () => {
    for (const dir of [ro, rw]) {
      mkdirSync(join(dir, "sub"), { recursive: true });
      writeFileSync(join(dir, "f.txt"), "inside");
      for (const path of ["sub", "f.txt", ""]) utimesSync(join(dir, path), OLD, OLD);
    }
    component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      name: "rights",
      policy: {
        preopens: [
          { hostPath: ro, guestPath: "/ro" },
          { hostPath: rw, guestPath: "/rw", readOnly: false },
        ],
      },
    });
  });
  afterAll(async () => {
    await component?.close();
    rmSync(base, { recursive: true, force: true });
  });

  const fs = (preopen: string, ops: Record<string, unknown>[]): Promise<FsOutcome[]> =>
    callFsTool(component.backend, preopen, ops, base);

  it("refuses set-times, set-size, writes and appends on descriptors of a read-only grant (attack 1)", async () => {
    const outcomes = await fs("/ro", [
      { kind: "open", path: "f.txt", use: "set-times" },
      { kind: "open", path: "sub", flags: { directory: true }, use: "set-times" },
      { kind: "open", path: "f.txt", use: "set-size" },
      { kind: "open", path: "f.txt", use: "write" },
      { kind: "open", path: "f.txt", use: "write-stream" },
      { kind: "open", path: "f.txt", use: "append" },
      { kind: "open", path: "f.txt", use: "sync" },
      { kind: "open", path: "f.txt", use: "read" },
    ]);
    expect(outcomes.slice(0, 7)).toEqual([...Array(6).fill({ code: "read-only" }), { ok: null }]);
    expect(outcomes[7]).toHaveProperty("ok");
    expect(statSync(join(ro, "f.txt")).mtimeMs).toBe(OLD * 1000);
    expect(statSync(join(ro, "sub")).mtimeMs).toBe(OLD * 1000);
    expect(statSync(join(ro, "f.txt")).size).toBe(6);
  });

  it("keeps a writable preopen's own directory: no remove, no file in its place (attack 2)", async () => {
    rmSync(join(rw, "sub"), { recursive: true });
    rmSync(join(rw, "f.txt"));
    const outcomes = await fs("/rw", [
      { kind: "rmdir", path: "" },
      { kind: "rmdir", path: "." },
      { kind: "open", path: "", flags: { create: true }, write: true, use: "write", text: "replaced" },
      { kind: "self", use: "set-times" },
      { kind: "times", path: "", follow: true },
      { kind: "rename", from: "", to: "elsewhere" },
    ]);
    expect(outcomes).toEqual(Array(6).fill({ code: "not-permitted" }));
    expect(statSync(rw).isDirectory()).toBe(true);
    expect(readdirSync(base).sort()).toEqual(["ro", "rw"]);
  });

  it("lists a preopen's own root (it answered bad-descriptor)", async () => {
    const [listed] = await fs("/ro", [{ kind: "self", use: "list" }]);
    const names = ((listed as { ok: { name: string }[] }).ok ?? []).map((entry) => entry.name).sort();
    expect(names).toEqual(["f.txt", "sub"]);
  });

  it("refuses to make symlinks and hard links unless the grant allows them", async () => {
    writeFileSync(join(rw, "g.txt"), "inside");
    const outcomes = await fs("/rw", [
      { kind: "symlink", target: "g.txt", path: "l" },
      { kind: "link", from: "g.txt", to: "h" },
    ]);
    expect(outcomes).toEqual([{ code: "not-permitted" }, { code: "not-permitted" }]);
    expect(readdirSync(rw)).toEqual(["g.txt"]);
  });
});

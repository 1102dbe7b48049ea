// What another process sharing a preopen can do between the guard's check and the shim's use (the
// filesystem lock spans one host process only): the test puts a "racer" between them — it wraps the
// shim's own method before the guard wraps it, so it runs after the check and just before the use.
// The post-conditions of open-at with create, symlink-at, rename-at and link-at must see the change:
// the call is refused, and what it made inside the grant by mistake is removed.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { wasiOutcome } from "./fixture.js";

type Call = (...args: unknown[]) => unknown;
type D = Record<"openAt" | "symlinkAt" | "renameAt" | "linkAt", Call> & { [Symbol.dispose](): void };

const shim = await import("@bytecodealliance/preview2-shim/filesystem");
const prototype = shim.types.Descriptor.prototype as unknown as Record<string, Call>;
/** Runs once, between the next call's check and its use. */
let racer: (() => void) | undefined;
for (const name of ["openAt", "symlinkAt", "renameAt", "linkAt"]) {
  const original = prototype[name] as Call;
  prototype[name] = function raced(this: unknown, ...args: unknown[]) {
    const race = racer;
    racer = undefined;
    race?.();
    return original.apply(this, args);
  };
}
// Imported after the racer is in place: the guard wraps the racer, as it wraps the shim.
const { createGuardedFilesystem } = await import("../src/sandbox/filesystem/fs-guard.js");
const { resolvePolicy } = await import("../src/policy.js");

const base = mkdtempSync(join(tmpdir(), "wasi-mcp-post-"));
const root = join(base, "root");
const at = (path: string) => join(root, path);

let dir: D;
beforeEach(() => {
  racer = undefined;
  rmSync(root, { recursive: true, force: true });
  mkdirSync(at("d"), { recursive: true });
  mkdirSync(at("e"));
  writeFileSync(at("f"), "checked");
  writeFileSync(at("other"), "swapped in");
  const fs = createGuardedFilesystem(
    shim,
    resolvePolicy({
      preopens: [
        { hostPath: root, guestPath: "/g", readOnly: false, allowSymlinks: true, allowHardLinks: true },
      ],
    }).preopens,
  );
  dir = (fs.preopens.getDirectories() as [D, string][])[0]?.[0] as D;
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** The racer's move: the checked directory `d` becomes a link to `e`. */
const swapDirectoryForLink = () => {
  rmSync(at("d"), { recursive: true });
  symlinkSync("e", at("d"));
};

/** The racer's other move: another file (another inode, both alive) takes the checked name `f`. */
const swapFile = () => renameSync(at("other"), at("f"));

describe("post-conditions against a change made between check and use", () => {
  it("open-at with create: refused, and the file it made through the swapped directory removed", () => {
    racer = swapDirectoryForLink;
    expect(wasiOutcome(() => dir.openAt({}, "d/new", { create: true }, { write: true }))).toBe(
      "not-permitted",
    );
    expect(existsSync(at("e/new"))).toBe(false);
  });

  it("symlink-at: refused, and the link it made through the swapped directory removed", () => {
    racer = swapDirectoryForLink;
    expect(wasiOutcome(() => dir.symlinkAt("../f", "d/l"))).toBe("not-permitted");
    expect(existsSync(at("e/l"))).toBe(false);
  });

  it("rename-at: refused when the entry renamed is not the one checked", () => {
    racer = swapFile;
    expect(wasiOutcome(() => dir.renameAt("f", dir, "e/g"))).toBe("not-permitted");
  });

  it("link-at: refused when the file linked is not the one checked", () => {
    racer = swapFile;
    expect(wasiOutcome(() => dir.linkAt({}, "f", dir, "e/h"))).toBe("not-permitted");
  });

  it("each call succeeds when nothing changes in between", () => {
    expect(wasiOutcome(() => dir.openAt({}, "d/new", { create: true }, { write: true }))).toBe("ok");
    expect(wasiOutcome(() => dir.symlinkAt("../f", "d/l"))).toBe("ok");
    expect(wasiOutcome(() => dir.linkAt({}, "f", dir, "e/h"))).toBe("ok");
    expect(wasiOutcome(() => dir.renameAt("f", dir, "e/g"))).toBe("ok");
    expect(lstatSync(at("e/h")).nlink).toBe(2);
  });
});

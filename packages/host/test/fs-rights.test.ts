// Every method of wasi:filesystem's `descriptor`, one test per row of docs/security.md's table:
// the guard and the real preview2-shim, in this thread, as a guest calls them. What must be refused
// is refused with its code and leaves the disk as it was; what must work works.
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { resolvePolicy } from "../src/policy.js";
import { createGuardedFilesystem } from "../src/sandbox/filesystem/fs-guard.js";
import { METHOD_RULES } from "../src/sandbox/filesystem/fs-rights.js";
import { wasiOutcome } from "./fixture.js";

type Call = (...args: unknown[]) => unknown;
type MethodName =
  | "readViaStream"
  | "writeViaStream"
  | "appendViaStream"
  | "advise"
  | "syncData"
  | "getFlags"
  | "getType"
  | "setSize"
  | "setTimes"
  | "read"
  | "write"
  | "readDirectory"
  | "sync"
  | "createDirectoryAt"
  | "stat"
  | "statAt"
  | "setTimesAt"
  | "linkAt"
  | "openAt"
  | "readlinkAt"
  | "removeDirectoryAt"
  | "renameAt"
  | "symlinkAt"
  | "unlinkFileAt"
  | "isSameObject"
  | "metadataHash"
  | "metadataHashAt";
type D = Record<MethodName, Call> & { [Symbol.dispose](): void };

const base = mkdtempSync(join(tmpdir(), "wasi-mcp-rights-"));
const root = join(base, "root");
const OLD = 1_000_000_000; // 2001-09-09: every entry starts with this mtime
const NOW = { tag: "now" };
const shim = await import("@bytecodealliance/preview2-shim/filesystem");

function grant(options: { readOnly: boolean; allowSymlinks?: boolean; allowHardLinks?: boolean }): D {
  const fs = createGuardedFilesystem(
    shim,
    resolvePolicy({
      preopens: [
        {
          hostPath: root,
          guestPath: "/g",
          readOnly: options.readOnly,
          allowSymlinks: options.allowSymlinks ?? false,
          allowHardLinks: options.allowHardLinks ?? false,
        },
      ],
    }).preopens,
  );
  return (fs.preopens.getDirectories() as [D, string][])[0]?.[0] as D;
}

const open = (dir: D, path: string, write = false, flags: object = {}) =>
  dir.openAt({ symlinkFollow: false }, path, flags, { read: true, write }) as D;
const mtime = (path: string) => statSync(join(root, path)).mtimeMs;

beforeEach(() => {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, "sub"), { recursive: true });
  writeFileSync(join(root, "f.txt"), "inside");
  mkdirSync(join(root, "empty"));
  for (const path of ["", "sub", "f.txt", "empty"]) {
    utimesSync(join(root, path), OLD, OLD);
  }
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("the rights table covers the shim", () => {
  it("has a rule for every method of the installed shim's descriptor, and no other", () => {
    const names = Object.getOwnPropertyNames(shim.types.Descriptor.prototype).filter(
      (name) => name !== "constructor",
    );
    expect(names.sort()).toEqual(Object.keys(METHOD_RULES).sort());
  });
});

describe("descriptor methods under a read-only grant", () => {
  const ro = () => grant({ readOnly: true });

  it("read-via-stream, read, advise, get-flags, get-type, stat, metadata-hash, is-same-object work", () => {
    const file = open(ro(), "f.txt");
    const [bytes] = file.read(100n, 0n) as [Uint8Array];
    expect(Buffer.from(bytes).toString()).toBe("inside");
    const stream = file.readViaStream(0n) as { blockingRead(n: bigint): Uint8Array };
    expect(Buffer.from(stream.blockingRead(100n)).toString()).toBe("inside");
    expect(wasiOutcome(() => file.advise(0n, 0n, "normal"))).toBe("ok");
    expect(file.getFlags()).toMatchObject({ read: true });
    expect(file.getType()).toBe("regular-file");
    expect((file.stat() as { size: bigint }).size).toBe(6n);
    expect((file.metadataHash() as { lower: bigint }).lower).toBe(
      lstatSync(join(root, "f.txt"), { bigint: true }).ino,
    );
    expect(file.isSameObject(file)).toBe(true);
  });

  it("set-times on a file opened for reading is refused (the issue's attack 1)", () => {
    const file = open(ro(), "f.txt");
    expect(wasiOutcome(() => file.setTimes(NOW, NOW))).toBe("read-only");
    expect(mtime("f.txt")).toBe(OLD * 1000);
  });

  it("set-times on a directory opened for reading is refused (attack 1, a directory)", () => {
    const dir = open(ro(), "sub", false, { directory: true });
    expect(wasiOutcome(() => dir.setTimes(NOW, NOW))).toBe("read-only");
    expect(mtime("sub")).toBe(OLD * 1000);
  });

  it("set-size, write, write-via-stream and append-via-stream are refused", () => {
    const file = open(ro(), "f.txt");
    expect(wasiOutcome(() => file.setSize(0n))).toBe("read-only");
    expect(wasiOutcome(() => file.write(new Uint8Array([65]), 0n))).toBe("read-only");
    expect(wasiOutcome(() => file.writeViaStream(0n))).toBe("read-only");
    expect(wasiOutcome(() => file.appendViaStream())).toBe("read-only");
    expect(readFileSync(join(root, "f.txt"), "utf8")).toBe("inside");
  });

  it("sync and sync-data do nothing and succeed", () => {
    const file = open(ro(), "f.txt");
    expect(wasiOutcome(() => file.sync())).toBe("ok");
    expect(wasiOutcome(() => file.syncData())).toBe("ok");
  });

  it("every path method that changes the tree is refused", () => {
    const dir = ro();
    expect(wasiOutcome(() => dir.createDirectoryAt("new"))).toBe("read-only");
    expect(wasiOutcome(() => dir.setTimesAt({ symlinkFollow: false }, "f.txt", NOW, NOW))).toBe("read-only");
    expect(wasiOutcome(() => dir.removeDirectoryAt("empty"))).toBe("read-only");
    expect(wasiOutcome(() => dir.unlinkFileAt("f.txt"))).toBe("read-only");
    expect(wasiOutcome(() => dir.renameAt("f.txt", dir, "g.txt"))).toBe("read-only");
    expect(wasiOutcome(() => dir.linkAt({}, "f.txt", dir, "g.txt"))).toBe("read-only");
    expect(wasiOutcome(() => dir.symlinkAt("f.txt", "l"))).toBe("read-only");
    expect(wasiOutcome(() => open(dir, "f.txt", true))).toBe("read-only");
    expect(wasiOutcome(() => open(dir, "n.txt", false, { create: true }))).toBe("read-only");
    expect(wasiOutcome(() => open(dir, "f.txt", false, { truncate: true }))).toBe("read-only");
    expect(mtime("f.txt")).toBe(OLD * 1000);
    expect(readFileSync(join(root, "f.txt"), "utf8")).toBe("inside");
  });

  it("stat-at, metadata-hash-at, readlink-at and read-directory work", () => {
    const dir = ro();
    expect((dir.statAt({}, "f.txt") as { size: bigint }).size).toBe(6n);
    expect(wasiOutcome(() => dir.metadataHashAt({}, "sub"))).toBe("ok");
    expect(wasiOutcome(() => dir.readlinkAt("f.txt"))).toBe("invalid");
    const sub = open(dir, "sub", false, { directory: true });
    const stream = sub.readDirectory() as { readDirectoryEntry(): unknown };
    expect(stream.readDirectoryEntry()).toBeUndefined();
  });
});

describe("descriptor methods under a writable grant", () => {
  const rw = () => grant({ readOnly: false });

  it("a file opened without `write` cannot be written, resized or re-timed", () => {
    const file = open(rw(), "f.txt");
    expect(wasiOutcome(() => file.write(new Uint8Array([65]), 0n))).toBe("bad-descriptor");
    expect(wasiOutcome(() => file.writeViaStream(0n))).toBe("bad-descriptor");
    expect(wasiOutcome(() => file.appendViaStream())).toBe("bad-descriptor");
    expect(wasiOutcome(() => file.setSize(0n))).toBe("bad-descriptor");
    expect(wasiOutcome(() => file.setTimes(NOW, NOW))).toBe("not-permitted");
    expect(readFileSync(join(root, "f.txt"), "utf8")).toBe("inside");
  });

  it("a file opened with `write` can be written, resized, re-timed and synced", () => {
    const file = open(rw(), "f.txt", true);
    expect(file.write(new Uint8Array([65]), 0n)).toBe(1n);
    expect(wasiOutcome(() => file.setSize(3n))).toBe("ok");
    expect(wasiOutcome(() => file.setTimes(NOW, NOW))).toBe("ok");
    expect(wasiOutcome(() => file.sync())).toBe("ok");
    expect(wasiOutcome(() => file.syncData())).toBe("ok");
    expect(readFileSync(join(root, "f.txt"), "utf8")).toBe("Ans");
    expect(mtime("f.txt")).not.toBe(OLD * 1000);
  });

  it("a subdirectory can be re-timed", () => {
    const sub = open(rw(), "sub", false, { directory: true });
    expect(wasiOutcome(() => sub.setTimes(NOW, NOW))).toBe("ok");
    expect(mtime("sub")).not.toBe(OLD * 1000);
  });

  it("the preopen lists its own directory (it answered bad-descriptor)", () => {
    const stream = rw().readDirectory() as { readDirectoryEntry(): { name: string } | undefined };
    const names: string[] = [];
    for (let entry = stream.readDirectoryEntry(); entry; entry = stream.readDirectoryEntry())
      names.push(entry.name);
    expect(names.sort()).toEqual(["empty", "f.txt", "sub"]);
  });
});

describe("the preopened directory itself is immutable from inside", () => {
  const rw = () => grant({ readOnly: false, allowSymlinks: true, allowHardLinks: true });
  const rootIsTheGrant = () => {
    expect(lstatSync(root).isDirectory()).toBe(true);
    expect(mtime("")).toBe(OLD * 1000);
  };

  it("remove-directory-at of the root, by any spelling, is refused (attack 2)", () => {
    rmSync(join(root, "sub"), { recursive: true });
    rmSync(join(root, "f.txt"));
    rmSync(join(root, "empty"), { recursive: true });
    utimesSync(root, OLD, OLD);
    const dir = rw();
    for (const path of ["", ".", "./", "x/..", "x\\.."])
      expect(
        wasiOutcome(() => dir.removeDirectoryAt(path)),
        path,
      ).toBe("not-permitted");
    // The attack's second step: a file created where the grant's directory was.
    expect(wasiOutcome(() => open(dir, "", true, { create: true }))).toBe("not-permitted");
    rootIsTheGrant();
  });

  it("the root cannot be renamed, renamed over, linked over, re-timed, unlinked or truncated", () => {
    const dir = rw();
    expect(wasiOutcome(() => dir.renameAt("", dir, "moved"))).toBe("not-permitted");
    expect(wasiOutcome(() => dir.renameAt(".", dir, "moved"))).toBe("not-permitted");
    expect(wasiOutcome(() => dir.renameAt("empty", dir, ""))).toBe("not-permitted");
    expect(wasiOutcome(() => dir.linkAt({}, "f.txt", dir, ""))).toBe("not-permitted");
    expect(wasiOutcome(() => dir.symlinkAt("sub", "."))).toBe("not-permitted");
    expect(wasiOutcome(() => dir.setTimesAt({ symlinkFollow: true }, "", NOW, NOW))).toBe("not-permitted");
    expect(wasiOutcome(() => dir.setTimesAt({ symlinkFollow: false }, ".", NOW, NOW))).toBe("not-permitted");
    expect(wasiOutcome(() => dir.unlinkFileAt(""))).toBe("not-permitted");
    expect(wasiOutcome(() => dir.createDirectoryAt("."))).toBe("not-permitted");
    expect(wasiOutcome(() => open(dir, ".", false, { truncate: true }))).toBe("not-permitted");
    expect(wasiOutcome(() => dir.setTimes(NOW, NOW))).toBe("not-permitted");
    const itself = open(dir, "sub/..", false, { directory: true });
    expect(wasiOutcome(() => itself.setTimes(NOW, NOW))).toBe("not-permitted");
    expect(wasiOutcome(() => itself.removeDirectoryAt(""))).toBe("not-permitted");
    rootIsTheGrant();
    expect(lstatSync(join(root, "empty")).isDirectory()).toBe(true);
  });
});

describe("links are off unless the grant allows them", () => {
  it("symlink-at and link-at are refused by default, and work when allowed", () => {
    const closed = grant({ readOnly: false });
    expect(wasiOutcome(() => closed.symlinkAt("f.txt", "l"))).toBe("not-permitted");
    expect(wasiOutcome(() => closed.linkAt({}, "f.txt", closed, "h"))).toBe("not-permitted");
    expect(() => lstatSync(join(root, "l"))).toThrow();
    expect(() => lstatSync(join(root, "h"))).toThrow();
    const open = grant({ readOnly: false, allowSymlinks: true, allowHardLinks: true });
    expect(wasiOutcome(() => open.symlinkAt("f.txt", "l"))).toBe("ok");
    expect(wasiOutcome(() => open.linkAt({}, "f.txt", open, "h"))).toBe("ok");
    expect(lstatSync(join(root, "h")).nlink).toBe(2);
  });

  it("a hard link to a symlink needs allowSymlinks too", () => {
    grant({ readOnly: false, allowSymlinks: true }).symlinkAt("f.txt", "l");
    const dir = grant({ readOnly: false, allowHardLinks: true });
    expect(wasiOutcome(() => dir.linkAt({ symlinkFollow: false }, "l", dir, "l2"))).toBe("not-permitted");
    expect(wasiOutcome(() => dir.linkAt({ symlinkFollow: true }, "l", dir, "h"))).toBe("ok");
  });
});

// A writable grant's maxBytes with the guard and the real preview2-shim: files count by their size
// (a sparse file as large as it claims), writes, resizes and stream writes past it are refused with
// insufficient-space, and what is removed or shrunk is given back.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { resolvePolicy } from "../src/policy.js";
import { createGuardedFilesystem } from "../src/sandbox/filesystem/fs-guard.js";

type Call = (...args: unknown[]) => unknown;
type D = Record<"openAt" | "write" | "setSize" | "writeViaStream" | "appendViaStream" | "unlinkFileAt", Call>;

const shim = await import("@bytecodealliance/preview2-shim/filesystem");
const io = await import("@bytecodealliance/preview2-shim/io");
const base = mkdtempSync(join(tmpdir(), "wasi-mcp-quota-"));
const root = join(base, "root");
afterAll(() => rmSync(base, { recursive: true, force: true }));

const TIB = 2n ** 40n;
let dir: D;
beforeEach(() => {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root);
  const fs = createGuardedFilesystem(
    shim,
    resolvePolicy({ preopens: [{ hostPath: root, guestPath: "/q", readOnly: false, maxBytes: 1000 }] })
      .preopens,
    { maxOpenDescriptors: 256, IoError: io.error.Error as never },
  );
  dir = (fs.preopens.getDirectories() as [D, string][])[0]?.[0] as D;
});

function outcome(call: () => unknown): unknown {
  try {
    call();
    return "ok";
  } catch (error) {
    return error;
  }
}
const create = (path: string) => dir.openAt({}, path, { create: true }, { read: true, write: true }) as D;
const bytes = (n: number) => new Uint8Array(n).fill(65);

describe("maxBytes on a writable grant", () => {
  it("refuses a write that would pass it, and keeps the file as it was", () => {
    const file = create("a");
    expect(file.write(bytes(600), 0n)).toBe(600n);
    expect(outcome(() => file.write(bytes(600), 600n))).toBe("insufficient-space");
    expect(statSync(join(root, "a")).size).toBe(600);
    // Overwriting in place takes nothing more.
    expect(file.write(bytes(600), 0n)).toBe(600n);
  });

  it("counts a sparse file by its size: a 4 TiB file at once is refused (write far out or set-size)", () => {
    const file = create("sparse");
    expect(outcome(() => file.write(bytes(1), 4n * TIB))).toBe("insufficient-space");
    expect(outcome(() => file.setSize(4n * TIB))).toBe("insufficient-space");
    expect(statSync(join(root, "sparse")).size).toBe(0);
    expect(outcome(() => file.setSize(1000n))).toBe("ok");
  });

  it("refuses a stream write past it with an error that reads insufficient-space", () => {
    const file = create("s");
    const stream = file.writeViaStream(0n) as { blockingWriteAndFlush(b: Uint8Array): void };
    stream.blockingWriteAndFlush(bytes(900));
    const error = outcome(() => stream.blockingWriteAndFlush(bytes(200))) as { tag: string; val: unknown };
    expect(error.tag).toBe("last-operation-failed");
    expect(shim.types.filesystemErrorCode(error.val as never)).toBe("insufficient-space");
    const append = file.appendViaStream() as { blockingWriteAndFlush(b: Uint8Array): void };
    expect(outcome(() => append.blockingWriteAndFlush(bytes(200)))).toMatchObject({
      tag: "last-operation-failed",
    });
    expect(statSync(join(root, "s")).size).toBe(900);
  });

  it("gives back what is removed or shrunk, and counts what was there before", () => {
    writeFileSync(join(root, "old"), bytes(800));
    const file = create("n");
    expect(outcome(() => file.write(bytes(300), 0n))).toBe("insufficient-space");
    dir.unlinkFileAt("old");
    expect(file.write(bytes(900), 0n)).toBe(900n);
    expect(outcome(() => file.setSize(100n))).toBe("ok");
    expect(create("m").write(bytes(850), 0n)).toBe(850n);
  });
});

import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readComponentSource } from "./component-source.js";
import { RACY_MARGIN_NS, SourceIndex } from "./source-index.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "source-index-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const later = (path: string) => statSync(path, { bigint: true }).ctimeNs + RACY_MARGIN_NS + 1n;

describe("SourceIndex", () => {
  it("remembers a hash while stat describes the same file, and forgets it when the file changes", async () => {
    const file = join(dir, "a.wasm");
    writeFileSync(file, "aaaa");
    const index = new SourceIndex(join(dir, "cache"));
    const stats = statSync(file, { bigint: true });
    await index.remember(file, stats, "hash-of-aaaa", later(file));
    expect(await index.lookup(file, statSync(file, { bigint: true }))).toBe("hash-of-aaaa");
    writeFileSync(file, "bbbb"); // same size: the change time moves
    expect(await index.lookup(file, statSync(file, { bigint: true }))).toBeUndefined();
    expect(await index.lookup(join(dir, "other.wasm"), stats)).toBeUndefined();
  });

  it("does not remember a file changed just before it was hashed (racy)", async () => {
    const file = join(dir, "a.wasm");
    writeFileSync(file, "aaaa");
    const index = new SourceIndex(join(dir, "cache"));
    const stats = statSync(file, { bigint: true });
    await index.remember(file, stats, "h", stats.ctimeNs + RACY_MARGIN_NS / 2n);
    expect(await index.lookup(file, stats)).toBeUndefined();
  });
});

describe("readComponentSource with an index", () => {
  it("returns the remembered hash without reading, and checks it when the bytes are read", async () => {
    const file = join(dir, "c.wasm");
    writeFileSync(file, "component bytes");
    const index = new SourceIndex(join(dir, "cache"));
    const first = await readComponentSource(file, undefined, index);
    // Too recent to be remembered by a real load; remembered here as if loaded later.
    await index.remember(file, statSync(file, { bigint: true }), first.sha256, later(file));
    const second = await readComponentSource(file, first.sha256, index);
    expect(second.sha256).toBe(first.sha256);
    expect(Buffer.from(await second.bytes()).toString()).toBe("component bytes");
    await expect(readComponentSource(file, "0".repeat(64), index)).rejects.toThrow(/sha256 mismatch/);
  });

  it("hashes again a file replaced behind the index's back, and names a missing file", async () => {
    const file = join(dir, "c.wasm");
    writeFileSync(file, "one");
    const index = new SourceIndex(join(dir, "cache"));
    const one = await readComponentSource(file, undefined, index);
    await index.remember(file, statSync(file, { bigint: true }), one.sha256, later(file));
    writeFileSync(file, "two");
    const two = await readComponentSource(file, undefined, index);
    expect(two.sha256).not.toBe(one.sha256);
    await expect(readComponentSource(join(dir, "none.wasm"), undefined, index)).rejects.toThrow(
      /none\.wasm: no such file/,
    );
  });
});

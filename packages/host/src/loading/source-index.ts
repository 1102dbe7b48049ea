import { createHash } from "node:crypto";
import type { BigIntStats } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * A file changed less than this long before it was hashed is not remembered: file times come from
 * a coarse clock, so a second change within the same tick could leave them unchanged (git's "racy
 * clean" problem). A change after the margin always moves the change time.
 */
export const RACY_MARGIN_NS = 2_000_000_000n;

interface Entry {
  path: string;
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
  sha256: string;
}

/**
 * Remembers the sha256 of component files by what `stat` says of them (device, inode, size,
 * modification and change time, to the nanosecond), like git's index: a cached load of a 12 MB
 * component then neither reads nor hashes it (≈ 30 ms, more on a busy machine). Entries live in
 * `<cacheDirectory>/sources/`, one file per path, written atomically.
 */
export class SourceIndex {
  readonly #directory: string;

  constructor(cacheDirectory: string) {
    this.#directory = join(cacheDirectory, "sources");
  }

  /** The remembered hash of the file at `path`, if `stats` still describe the file that was hashed. */
  async lookup(path: string, stats: BigIntStats): Promise<string | undefined> {
    let entry: Entry;
    try {
      entry = JSON.parse(await readFile(this.#file(path), "utf8")) as Entry;
    } catch {
      return undefined;
    }
    const current = describe(path, stats, entry.sha256);
    const same = (Object.keys(current) as (keyof Entry)[]).every((key) => current[key] === entry[key]);
    return same ? entry.sha256 : undefined;
  }

  /**
   * Remembers `sha256` for the file `stats` describe, unless it changed within
   * {@link RACY_MARGIN_NS} before `hashedAtNs` (wall-clock ns when reading began). Failing to
   * write the index is not an error: the next load hashes again.
   */
  async remember(path: string, stats: BigIntStats, sha256: string, hashedAtNs: bigint): Promise<void> {
    if (hashedAtNs - stats.ctimeNs < RACY_MARGIN_NS || hashedAtNs - stats.mtimeNs < RACY_MARGIN_NS) return;
    const file = this.#file(path);
    const staging = `${file}.${process.pid}-${Date.now()}`;
    try {
      await mkdir(this.#directory, { recursive: true });
      await writeFile(staging, JSON.stringify(describe(path, stats, sha256)));
      await rename(staging, file);
    } catch {
      // best effort
    }
  }

  #file(path: string): string {
    return join(this.#directory, `${createHash("sha256").update(path).digest("hex")}.json`);
  }
}

function describe(path: string, stats: BigIntStats, sha256: string): Entry {
  return {
    path,
    dev: String(stats.dev),
    ino: String(stats.ino),
    size: String(stats.size),
    mtimeNs: String(stats.mtimeNs),
    ctimeNs: String(stats.ctimeNs),
    sha256,
  };
}

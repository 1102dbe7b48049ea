import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The bytes a writable preopen holds, against its grant's `maxBytes`. Counted: the size of every
 * regular file under the root, each inode once — a file's size as `stat` gives it, so a sparse
 * file counts as large as it claims to be. The count lives in a SharedArrayBuffer the host makes
 * once per grant (`resolvePolicy`), shared by every instance of the component; growth is reserved
 * with a compare-and-swap, so two instances cannot both take the last bytes. The count follows
 * the component's own writes; when a reservation would be refused the tree is measured again (a
 * file removed or shrunk another way, by the host or another process, is then seen), so a refusal
 * is always against the tree as it is.
 */
export class PreopenQuota {
  readonly #root: string;
  readonly #maxBytes: number;
  /** Bytes in use; -1 until first measured. */
  readonly #used: BigInt64Array;

  constructor(root: string, maxBytes: number, shared: SharedArrayBuffer) {
    this.#root = root;
    this.#maxBytes = maxBytes;
    this.#used = new BigInt64Array(shared);
  }

  /** Takes `bytes` more; false (nothing taken) when that would pass `maxBytes`. */
  reserve(bytes: number): boolean {
    if (bytes <= 0) return true;
    if (this.#tryReserve(BigInt(bytes))) return true;
    this.#measure();
    return this.#tryReserve(BigInt(bytes));
  }

  /** Gives `bytes` back (a file shrank or was removed). */
  release(bytes: number): void {
    if (bytes <= 0) return;
    this.#current();
    const amount = BigInt(bytes);
    for (;;) {
      const used = Atomics.load(this.#used, 0);
      const next = used > amount ? used - amount : 0n;
      if (Atomics.compareExchange(this.#used, 0, used, next) === used) return;
    }
  }

  #tryReserve(amount: bigint): boolean {
    for (;;) {
      const used = this.#current();
      if (used + amount > BigInt(this.#maxBytes)) return false;
      if (Atomics.compareExchange(this.#used, 0, used, used + amount) === used) return true;
    }
  }

  #current(): bigint {
    const used = Atomics.load(this.#used, 0);
    if (used >= 0n) return used;
    const measured = treeBytes(this.#root);
    Atomics.compareExchange(this.#used, 0, -1n, measured);
    return Atomics.load(this.#used, 0);
  }

  #measure(): void {
    Atomics.store(this.#used, 0, treeBytes(this.#root));
  }
}

/** Sum of the sizes of the regular files under `root` (links not followed, each inode once). */
export function treeBytes(root: string): bigint {
  const seen = new Set<bigint>();
  let total = 0n;
  const visit = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries) {
      const path = join(dir, name);
      try {
        const stat = lstatSync(path, { bigint: true });
        if (stat.isDirectory()) visit(path);
        else if (stat.isFile() && !seen.has(stat.ino)) {
          seen.add(stat.ino);
          total += stat.size;
        }
      } catch {
        // Gone meanwhile.
      }
    }
  };
  visit(root);
  return total;
}

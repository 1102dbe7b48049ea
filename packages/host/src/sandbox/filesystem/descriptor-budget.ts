import { readdirSync, readFileSync } from "node:fs";

/** How many opens an instance makes between two looks at the whole process's descriptors. */
const CHECK_EVERY = 16;

/**
 * The open file descriptors one instance may hold (filesystem descriptors and directory listings),
 * counted as they are opened and given back as the guest drops them (or they are collected). Over
 * the instance's `limit`, or when the host process itself is within its reserve of its
 * descriptor limit, an open is refused with the WASI code `quota`: an instance cannot take the
 * descriptors the host needs for its own sockets, nor those of other components. A dead instance's
 * descriptors are closed with its worker.
 */
export class DescriptorBudget {
  readonly #limit: number;
  readonly #processCeiling: number;
  #open = 0;
  #sinceCheck = CHECK_EVERY;

  constructor(limit: number, processCeiling = hostDescriptorCeiling()) {
    this.#limit = limit;
    this.#processCeiling = processCeiling;
  }

  /** Descriptors this instance holds now. */
  get open(): number {
    return this.#open;
  }

  /** Counts one more open descriptor, or throws `quota`. */
  take(): void {
    if (this.#open >= this.#limit) throw "quota";
    // Every CHECK_EVERY opens (the reserve covers what instances open in between).
    if (++this.#sinceCheck >= CHECK_EVERY) {
      this.#sinceCheck = 0;
      if (processOpenDescriptors() + CHECK_EVERY > this.#processCeiling) {
        this.#sinceCheck = CHECK_EVERY;
        throw "quota";
      }
    }
    this.#open++;
  }

  /** Gives one back (the guest dropped it, or it was collected). */
  give(): void {
    if (this.#open > 0) this.#open--;
  }
}

/**
 * The most descriptors instances may bring the host process to: its limit (`RLIMIT_NOFILE`, from
 * /proc/self/limits; 1024 where that cannot be read) minus a reserve for the host's own sockets and
 * files, a quarter of the limit and at least 256.
 */
export function hostDescriptorCeiling(): number {
  let limit = 1024;
  try {
    const line = readFileSync("/proc/self/limits", "utf8")
      .split("\n")
      .find((entry) => entry.startsWith("Max open files"));
    const soft = Number(line?.split(/\s{2,}/)[1]);
    if (Number.isSafeInteger(soft) && soft > 0) limit = soft;
  } catch {
    // Not Linux: keep the conservative default.
  }
  return limit - Math.max(256, Math.floor(limit / 4));
}

function processOpenDescriptors(): number {
  try {
    return readdirSync("/proc/self/fd").length;
  } catch {
    return 0;
  }
}

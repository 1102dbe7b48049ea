// ComponentizeJS 0.23 lowers every string a component returns with `_utf8AllocateAndEncode`, whose
// first half measures the UTF-8 length with a JavaScript loop over each character — interpreted
// inside the component (SpiderMonkey on Wasm, no JIT): ≈ 0.3 µs per character, 19 ms for a 64 KiB
// tool result (bench/upstream/componentize-string-lowering/). TextEncoder's encodeInto, native
// there, measures as it encodes. The bindings are generated inside ComponentizeJS and written
// to `initializer.js` just before its pre-initialization reads them; this rewrites that one
// function as it is written, and leaves any other version of it alone.
import { createRequire, syncBuiltinESMExports } from "node:module";

type FsPromises = typeof import("node:fs/promises");

const fsPromises = createRequire(import.meta.url)("node:fs/promises") as FsPromises;
const realWriteFile = fsPromises.writeFile;

const SLOW_ENCODER_START = "function _utf8AllocateAndEncode(s, realloc, memory) {";
/** A line of the slow encoder's length loop: what identifies the version this fix replaces. */
const SLOW_ENCODER_LOOP = "const ch = s.charCodeAt(i);";

/**
 * The same function with the same contract (`{ ptr, len }` of exactly `len` bytes; a lone surrogate
 * becomes U+FFFD, as `encodeInto` made it), its work done by native code and without a buffer of
 * its own: the worst case (3 bytes per UTF-16 unit) is allocated, encoded into, and shrunk to what
 * was written (ComponentizeJS's `realloc` shrinks in place).
 */
export const FAST_UTF8_ENCODER = `function _utf8AllocateAndEncode(s, realloc, memory) {
  if (typeof s !== 'string') {
    throw new TypeError('expected a string, received [' + typeof s + ']');
  }
  if (s.length === 0) { return { ptr: 1, len: 0 }; }
  // wasi-mcp build: encodeInto measures as it encodes (the loop it replaces was interpreted).
  const most = s.length * 3;
  let ptr = realloc(0, 0, 1, most);
  const { read, written } = TEXT_ENCODER_UTF8.encodeInto(s, new Uint8Array(memory.buffer, ptr, most));
  if (read !== s.length) {
    throw new Error('failed to encode whole string');
  }
  if (written < most) { ptr = realloc(ptr, most, 1, written); }
  return { ptr, len: written };
}`;

/**
 * Replaces the slow string encoder of ComponentizeJS's generated bindings with
 * {@link FAST_UTF8_ENCODER}; `applied` is false (and the text unchanged) when the bindings do not
 * hold the version it replaces.
 */
export function fixStringLowering(bindings: string): { text: string; applied: boolean } {
  const start = bindings.indexOf(SLOW_ENCODER_START);
  if (start < 0) return { text: bindings, applied: false };
  const end = bindings.indexOf("\n}\n", start);
  if (end < 0 || !bindings.slice(start, end).includes(SLOW_ENCODER_LOOP))
    return { text: bindings, applied: false };
  return { text: bindings.slice(0, start) + FAST_UTF8_ENCODER + bindings.slice(end + 2), applied: true };
}

let running = 0;
let applied = 0;

/**
 * Runs `componentize` with the bindings it writes (`…/initializer.js`) fixed by
 * {@link fixStringLowering}: `node:fs/promises`' `writeFile` is wrapped meanwhile — for ESM
 * importers too — and put back once no such run is in flight. Resolves with `componentize`'s
 * result and whether the fix was applied (during this run or one overlapping it).
 */
export async function withStringLoweringFix<T>(
  componentize: () => Promise<T>,
): Promise<{ result: T; fixed: boolean }> {
  if (running++ === 0) swap(fixingWriteFile as FsPromises["writeFile"]);
  const before = applied;
  try {
    const result = await componentize();
    return { result, fixed: applied > before };
  } finally {
    if (--running === 0) swap(realWriteFile);
  }
}

function fixingWriteFile(path: unknown, data: unknown, ...rest: unknown[]): Promise<void> {
  if (typeof data === "string" && String(path).endsWith("initializer.js")) {
    const fixed = fixStringLowering(data);
    if (fixed.applied) applied++;
    return (realWriteFile as (...args: unknown[]) => Promise<void>)(path, fixed.text, ...rest);
  }
  return (realWriteFile as (...args: unknown[]) => Promise<void>)(path, data, ...rest);
}

function swap(writeFile: FsPromises["writeFile"]): void {
  (fsPromises as { writeFile: FsPromises["writeFile"] }).writeFile = writeFile;
  syncBuiltinESMExports();
}

import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { FAST_UTF8_ENCODER, fixStringLowering } from "./string-lowering.js";

/** The encoder ComponentizeJS 0.23.0 generates, verbatim (from a component's `initializer.js`). */
const SLOW_ENCODER = `function _utf8AllocateAndEncode(s, realloc, memory) {
  if (typeof s !== 'string') {
    throw new TypeError('expected a string, received [' + typeof s + ']');
  }
  if (s.length === 0) { return { ptr: 1, len: 0 }; }
  // Compute the exact allocation size up front. Some older preview1
  // adapters only support an initial allocation, not a subsequent shrink.
  let len = 0;
  let codepoints = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    codepoints++;
    if (ch < 0x80) { len += 1; }
    else if (ch < 0x800) { len += 2; }
    else if (ch >= 0xd800 && ch <= 0xdbff &&
    i + 1 < s.length &&
    (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      len += 4;
      i++;
    } else { len += 3; }
  }
  const ptr = realloc(0, 0, 1, len);
  const { read, written } = TEXT_ENCODER_UTF8.encodeInto(
  s,
  new Uint8Array(memory.buffer, ptr, len),
  );
  if (read !== s.length || written !== len) {
    throw new Error('failed to encode whole string');
  }
  const res = { ptr, len, codepoints };
  return res;
}`;

const BINDINGS = `const TEXT_ENCODER_UTF8 = new TextEncoder();\n\n${SLOW_ENCODER}\n\n\nconst _debugLog = () => {};\n`;

/** Runs an encoder over `text` against a fresh memory; the bytes it wrote and how it allocated. */
function encodeWith(encoder: string, text: string) {
  const memory = { buffer: new ArrayBuffer(1 << 20) };
  const allocations: number[] = [];
  const realloc = (_old: number, _oldSize: number, _align: number, size: number) => {
    allocations.push(size);
    return 64;
  };
  const { ptr, len } = runInNewContext(
    `const TEXT_ENCODER_UTF8 = new TextEncoder(); ${encoder}; _utf8AllocateAndEncode(text, realloc, memory)`,
    { TextEncoder, Uint8Array, text, realloc, memory },
  ) as { ptr: number; len: number };
  return { bytes: [...new Uint8Array(memory.buffer, ptr, len)], len, allocations };
}

describe("fixStringLowering", () => {
  it("replaces ComponentizeJS 0.23's encoder and nothing else", () => {
    const { text, applied } = fixStringLowering(BINDINGS);
    expect(applied).toBe(true);
    expect(text).toBe(BINDINGS.replace(SLOW_ENCODER, FAST_UTF8_ENCODER));
  });

  it("leaves bindings without that encoder unchanged", () => {
    const other = BINDINGS.replace("const ch = s.charCodeAt(i);", "const c = s.codePointAt(i);");
    expect(fixStringLowering(other)).toEqual({ text: other, applied: false });
    expect(fixStringLowering("let x = 1;\n")).toEqual({ text: "let x = 1;\n", applied: false });
  });

  it("writes the same bytes, in an allocation of their exact length, for any string", () => {
    for (const sample of [
      "",
      "ascii",
      "héllo",
      "€uro",
      "😀 pair",
      "lone \ud800 high",
      "lone \udc00 low",
      "x".repeat(70_000),
    ]) {
      const slow = encodeWith(SLOW_ENCODER, sample);
      const fast = encodeWith(FAST_UTF8_ENCODER, sample);
      const name = JSON.stringify(sample.slice(0, 20));
      expect({ bytes: fast.bytes, len: fast.len }, name).toEqual({ bytes: slow.bytes, len: slow.len });
      // The allocation the caller gets is exactly `len` bytes (the worst case, shrunk).
      expect(fast.allocations.at(-1), name).toBe(slow.allocations.at(-1));
    }
  });
});

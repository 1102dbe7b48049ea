/** Bytes in one WebAssembly page. */
export const WASM_PAGE_BYTES = 65_536;

const MEMORY_SECTION = 5;

/**
 * Returns a copy of a core WebAssembly module whose own memories have at most `maxPages` pages, so
 * that `memory.grow` beyond the cap fails inside the guest (as Wasmtime's resource limiter does).
 * Worker `resourceLimits` cannot do this: linear memory lives outside the JS heap.
 * Modules without a memory section are returned unchanged.
 *
 * @throws RangeError when a memory needs more pages initially than the cap allows.
 */
export function limitMemory(module: Uint8Array, maxPages: number): Uint8Array {
  let offset = 8; // magic + version
  while (offset < module.length) {
    const id = module[offset] as number;
    const size = readU32(module, offset + 1);
    const bodyStart = offset + 1 + size.length;
    const bodyEnd = bodyStart + size.value;
    if (id === MEMORY_SECTION) {
      const body = rewriteMemorySection(module.subarray(bodyStart, bodyEnd), maxPages);
      return concat([
        module.subarray(0, offset),
        Uint8Array.of(MEMORY_SECTION),
        encodeU32(body.length),
        body,
        module.subarray(bodyEnd),
      ]);
    }
    offset = bodyEnd;
  }
  return module;
}

function rewriteMemorySection(body: Uint8Array, maxPages: number): Uint8Array {
  const count = readU32(body, 0);
  let offset = count.length;
  const parts: Uint8Array[] = [encodeU32(count.value)];
  for (let i = 0; i < count.value; i++) {
    const flags = body[offset] as number;
    if (flags > 0x03)
      throw new RangeError("memory64 and custom page sizes are not supported by the memory cap");
    const min = readU32(body, offset + 1);
    let next = offset + 1 + min.length;
    let max = maxPages;
    if (flags & 0x01) {
      const declared = readU32(body, next);
      max = Math.min(declared.value, maxPages);
      next += declared.length;
    }
    if (min.value > max) {
      throw new RangeError(
        `the module needs ${min.value} pages of memory at start, above the cap of ${max} pages`,
      );
    }
    parts.push(Uint8Array.of(flags | 0x01), encodeU32(min.value), encodeU32(max));
    offset = next;
  }
  return concat(parts);
}

function readU32(bytes: Uint8Array, at: number): { value: number; length: number } {
  let value = 0;
  let shift = 0;
  let length = 0;
  for (;;) {
    const byte = bytes[at + length];
    if (byte === undefined) throw new RangeError("truncated LEB128 in WebAssembly module");
    value += (byte & 0x7f) * 2 ** shift;
    length++;
    if ((byte & 0x80) === 0) return { value, length };
    shift += 7;
    if (shift > 28) throw new RangeError("LEB128 value too large in WebAssembly module");
  }
}

function encodeU32(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return Uint8Array.from(out);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

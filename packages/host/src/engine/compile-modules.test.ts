import { describe, expect, it } from "vitest";
import { compileModules, releaseBytes } from "./compile-modules.js";

// The smallest valid module with a memory: (module (memory 1)).
const WITH_MEMORY = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 3, 1, 0, 1];

describe("releaseBytes", () => {
  it("frees a buffer the bytes own whole", () => {
    const bytes = new Uint8Array(1024);
    releaseBytes(bytes);
    expect(bytes.buffer.byteLength).toBe(0);
    expect(bytes.byteLength).toBe(0);
  });

  it("leaves a view into a larger buffer alone", () => {
    const buffer = new ArrayBuffer(1024);
    const view = new Uint8Array(buffer, 16, 64);
    releaseBytes(view);
    expect(buffer.byteLength).toBe(1024);
    expect(view.byteLength).toBe(64);
  });

  it("leaves shared memory alone", () => {
    const bytes = new Uint8Array(new SharedArrayBuffer(64));
    releaseBytes(bytes);
    expect(bytes.byteLength).toBe(64);
  });
});

describe("compileModules", () => {
  it("compiles capped modules and frees the capped copy, not the bytes it was given", async () => {
    const bytes = Uint8Array.from(WITH_MEMORY);
    const modules = await compileModules("release-test", async () => ({ "m.wasm": bytes }), 4 * 65_536);
    expect(Object.prototype.toString.call(modules["m.wasm"])).toBe("[object WebAssembly.Module]");
    expect(bytes.byteLength).toBe(WITH_MEMORY.length);
  });
});

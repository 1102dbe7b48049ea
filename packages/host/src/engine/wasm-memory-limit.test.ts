import { parse } from "@bytecodealliance/jco";
import { describe, expect, it } from "vitest";
import { limitMemory } from "./wasm-memory-limit.js";

async function instantiate(bytes: Uint8Array) {
  const { instance } = (await WebAssembly.instantiate(bytes)) as unknown as {
    instance: { exports: Record<string, (...args: number[]) => number> };
  };
  return instance.exports;
}

const growable = `(module
  (memory (export "memory") 1)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`;

describe("limitMemory", () => {
  it("caps a memory without a maximum so that memory.grow fails past the cap", async () => {
    const module = await parse(growable);
    const unlimited = await instantiate(module);
    expect(unlimited.grow?.(10)).toBe(1);
    const capped = await instantiate(limitMemory(module, 4));
    expect(capped.grow?.(2)).toBe(1);
    expect(capped.grow?.(2)).toBe(-1);
    expect(capped.grow?.(1)).toBe(3);
  });

  it("keeps a declared maximum that is already below the cap", async () => {
    const module = await parse(
      `(module (memory 1 2) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`,
    );
    const capped = await instantiate(limitMemory(module, 100));
    expect(capped.grow?.(2)).toBe(-1);
    expect(capped.grow?.(1)).toBe(1);
  });

  it("refuses a cap below the initial size", async () => {
    const module = await parse(`(module (memory 8))`);
    expect(() => limitMemory(module, 4)).toThrow(/needs 8 pages of memory at start, above the cap of 4/);
  });

  it("leaves modules without memory unchanged", async () => {
    const module = await parse(`(module (func (export "f")))`);
    expect(limitMemory(module, 1)).toBe(module);
  });
});

import { describe, expect, it } from "vitest";
import { resolvePolicy } from "./policy.js";

describe("resolvePolicy: memoryHighWaterRatio", () => {
  it("defaults to 0.8 of the memory cap", () => {
    expect(resolvePolicy().memoryHighWaterRatio).toBe(0.8);
  });

  it("accepts a share in (0, 1] and refuses anything else by name", () => {
    expect(resolvePolicy({ memoryHighWaterRatio: 1 }).memoryHighWaterRatio).toBe(1);
    for (const bad of [0, -0.5, 1.5, Number.NaN]) {
      expect(() => resolvePolicy({ memoryHighWaterRatio: bad })).toThrow(
        /policy\.memoryHighWaterRatio must be a number in \(0, 1\]/,
      );
    }
  });
});

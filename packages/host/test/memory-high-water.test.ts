import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, firstText, HELLO, recordingRequest } from "./fixture.js";

const MiB = 1024 * 1024;
/**
 * Calls in a row. A ComponentizeJS component's linear memory grows ≈ 0.3–0.4 KiB per call (its
 * engine collects garbage only once its heap has grown by tens of MiB; docs/reliability.md): from
 * ≈ 9 MiB it passed the 14 MiB cap at call 10 128 without the mark (16 274 before the
 * build's native string lowering), so without retirement this many calls
 * meet the out-of-memory trap. The kit's own test (examples/mcp-compositor/test/guest-kit/many-calls.test.ts) does the same
 * with a kit-built component; the bench runs 500 000 (bench/memory-growth.js).
 */
const CALLS = Number(process.env.WASI_MCP_HIGH_WATER_CALLS ?? 20_000);

describe("the memory high-water mark (policy.memoryHighWaterRatio)", () => {
  let component: LoadedComponent;
  const health: string[] = [];

  beforeAll(async () => {
    component = await loadComponent(HELLO, {
      cacheDirectory: CACHE,
      policy: { memoryLimitBytes: 14 * MiB, memoryHighWaterRatio: 0.8 },
      onHealth: (event) => health.push(`${event.status}: ${event.detail}`),
    });
  });
  afterAll(() => component?.close());

  it("retires an instance between calls, so none of many calls fails at a small cap", async () => {
    const failures: string[] = [];
    for (let i = 0; i < CALLS; i++) {
      try {
        const text = `call ${i}`;
        const result = await component.backend.callTool("echo", { text }, recordingRequest().request);
        if (firstText(result) !== text) failures.push(`${text}: wrong result`);
      } catch (error) {
        failures.push(`call ${i}: ${(error as Error).message}`);
      }
    }
    expect(failures.slice(0, 3)).toEqual([]);
    expect(component.restarts()).toBe(0);
    expect(component.retirements()).toBeGreaterThanOrEqual(1);
    expect(health.find((line) => line.includes("retired"))).toMatch(
      /instance retired between calls at 1\d\.\d MiB of linear memory \(memoryHighWaterRatio 0\.8 of its 14\.0 MiB cap\)/,
    );
  }, 300_000);
});

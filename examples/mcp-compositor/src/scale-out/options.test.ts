import { describe, expect, it } from "vitest";
import { checkScaleOut, parseRedisUrl, parseWorkers, workerCount } from "./options.js";

describe("scale-out options", () => {
  it("parses --workers and --redis, naming what is wrong", () => {
    expect(parseWorkers("3")).toBe(3);
    expect(parseWorkers("auto")).toBe("auto");
    expect(workerCount("auto")).toBeGreaterThanOrEqual(1);
    expect(workerCount(undefined)).toBe(1);
    expect(() => parseWorkers("0")).toThrow(/invalid --workers "0"/);
    expect(() => parseWorkers("two")).toThrow(/positive integer or "auto"/);
    expect(parseRedisUrl("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
    expect(() => parseRedisUrl("127.0.0.1:6379")).toThrow("expected redis://host:port");
  });

  it("refuses several processes or shared state on stdio, at start-up", () => {
    expect(() => checkScaleOut("stdio", { workers: 2 })).toThrow(/--workers needs a network transport/);
    expect(() => checkScaleOut("stdio", { redis: "redis://x:1" })).toThrow(
      /--redis needs a network transport/,
    );
    expect(() => checkScaleOut("stdio", { workers: 1 })).not.toThrow();
    expect(() => checkScaleOut("http", { workers: "auto", redis: "redis://x:1" })).not.toThrow();
  });
});

import { describe, expect, it } from "vitest";
import type { Compositor } from "../compositor.js";
import { describeUpstreamHealth, withUpstreamReadiness } from "./upstream-readiness.js";

const withHealth = (health: ReturnType<Compositor["upstreamHealth"]>) =>
  ({ upstreamHealth: () => health }) as unknown as Compositor;

describe("withUpstreamReadiness", () => {
  it("is ready when the node is and every required upstream is connected", async () => {
    const check = withUpstreamReadiness(
      () => ({ ok: true }),
      withHealth({ a: { state: "ready", required: true }, b: { state: "down", reason: "exit" } }),
    );
    expect(await check()).toEqual({ ok: true });
  });

  it("names each required upstream that is not connected, and why", async () => {
    const check = withUpstreamReadiness(
      () => ({ ok: true }),
      withHealth({
        a: { state: "ready", required: true },
        b: { state: "down", reason: "connection closed", required: true },
        c: { state: "connecting", required: true },
        d: { state: "down" },
      }),
    );
    expect(await check()).toEqual({
      ok: false,
      reason: "upstream b down (connection closed); upstream c connecting",
    });
  });

  it("keeps the node's own reason first", async () => {
    const check = withUpstreamReadiness(
      () => ({ ok: false, reason: "redis unreachable" }),
      withHealth({ b: { state: "down", required: true } }),
    );
    expect(await check()).toEqual({ ok: false, reason: "redis unreachable" });
  });
});

describe("describeUpstreamHealth", () => {
  it("logs a failure as a warning with the retry delay", () => {
    expect(describeUpstreamHealth({ namespace: "x", state: "down", reason: "exit", retryInMs: 500 })).toEqual(
      {
        level: "warning",
        message: "upstream x: down: exit; retrying in 500 ms",
      },
    );
    expect(describeUpstreamHealth({ namespace: "x", state: "ready", era: "legacy" })).toEqual({
      level: "info",
      message: "upstream x: ready (2025 revision)",
    });
  });
});

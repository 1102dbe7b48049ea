// The "a writable preopen has no size limit" (1 GiB in 5 s, a 4 TiB sparse file at once),
// through a real component, with two instances sharing one grant's count.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, callFsTool, FIXTURE, type FsOutcome } from "./fixture.js";

const KIB = 1024;

describe("maxBytes on a writable preopen, through a component", () => {
  const dir = mkdtempSync(join(tmpdir(), "wasi-mcp-quota-component-"));
  let component: LoadedComponent;
  beforeAll(async () => {
    component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      policy: {
        poolSize: 2,
        preopens: [{ hostPath: dir, guestPath: "/q", readOnly: false, maxBytes: 64 * KIB }],
      },
    });
  });
  afterAll(async () => {
    await component?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fs = (ops: Record<string, unknown>[]): Promise<FsOutcome[]> =>
    callFsTool(component.backend, "/q", ops);
  const write = (path: string, use: string, extra: Record<string, unknown> = {}) => ({
    kind: "open",
    path,
    flags: { create: true },
    write: true,
    use,
    ...extra,
  });

  it("refuses a 4 TiB sparse file and writes past the quota with insufficient-space", async () => {
    const outcomes = await fs([
      write("sparse", "set-size", { size: String(4 * 2 ** 40) }),
      write("far", "write", { offset: String(4 * 2 ** 40), text: "x" }),
    ]);
    expect(outcomes).toEqual([{ code: "insufficient-space" }, { code: "insufficient-space" }]);
    expect(statSync(join(dir, "sparse")).size).toBe(0);
  });

  it("shares the count between the instances writing at once", async () => {
    const chunk = "y".repeat(16 * KIB);
    const many = (prefix: string) =>
      Array.from({ length: 4 }, (_, i) => write(`${prefix}${i}`, "write-stream", { text: chunk }));
    const [a, b] = await Promise.all([fs(many("a")), fs(many("b"))]);
    const written = [...(a ?? []), ...(b ?? [])].filter((outcome) => "ok" in outcome).length;
    expect(written).toBeLessThanOrEqual(4);
    const total = readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
    expect(total).toBeLessThanOrEqual(64 * KIB);
  });
});

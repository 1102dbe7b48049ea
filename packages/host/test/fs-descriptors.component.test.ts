// Issue 24's attack 5: one instance opening descriptors until the host process has none left.
// host-fixture's `fs` tool keeps what it opens with `hold` until `release` (or its instance dies).
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { type ComponentPolicy, type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, callFsTool, FIXTURE, type FsOutcome, recordingRequest } from "./fixture.js";

const dir = mkdtempSync(join(tmpdir(), "wasi-mcp-descriptors-"));
writeFileSync(join(dir, "f"), "inside");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const processDescriptors = () => readdirSync("/proc/self/fd").length;

async function load(policy: ComponentPolicy): Promise<LoadedComponent> {
  return loadComponent(FIXTURE, {
    cacheDirectory: CACHE,
    policy: { ...policy, preopens: [{ hostPath: dir, guestPath: "/d" }] },
  });
}

function fs(component: LoadedComponent, ops: Record<string, unknown>[]): Promise<FsOutcome[]> {
  return callFsTool(component.backend, "/d", ops);
}

const holdOpen = (count: number) => Array(count).fill({ kind: "open", path: "f", hold: true });
const summary = (outcomes: FsOutcome[]) => ({
  held: outcomes.filter((outcome) => "ok" in outcome).length,
  refused: [
    ...new Set(outcomes.filter((outcome) => "code" in outcome).map((o) => (o as { code: string }).code)),
  ],
});

describe("open descriptors are bounded per instance", () => {
  it("holds at most 256 by default; the rest are refused with quota (attack 5)", async () => {
    const component = await load({});
    try {
      const before = processDescriptors();
      const outcomes = await fs(component, holdOpen(1000));
      expect(summary(outcomes)).toEqual({ held: 256, refused: ["quota"] });
      expect(processDescriptors() - before).toBeLessThan(256 + 16);
    } finally {
      await component.close();
    }
  }, 60_000);

  it("gives a dropped descriptor's place back, and a dead instance's descriptors are closed", async () => {
    const component = await load({ maxOpenDescriptors: 20 });
    try {
      const before = processDescriptors();
      expect(summary(await fs(component, holdOpen(30)))).toEqual({ held: 20, refused: ["quota"] });
      // Dropped descriptors give their places back: 20 more can be held, not 21.
      expect(summary(await fs(component, [{ kind: "release" }, ...holdOpen(21)]))).toEqual({
        held: 21,
        refused: ["quota"],
      });
      expect(processDescriptors() - before).toBeGreaterThanOrEqual(20);
      await component.backend.callTool("exit", { ok: true }, recordingRequest().request).catch(() => {});
      // The replacement instance holds none of them.
      await expect.poll(processDescriptors, { timeout: 10_000 }).toBeLessThan(before + 16);
    } finally {
      await component.close();
    }
  }, 60_000);

  it("keeps the host's reserve even when the instances' limits add up to more than the process has", async () => {
    // A child host with a descriptor limit of 400 (soft and hard: Node cannot raise it) and an
    // instance allowed 10,000: opens stop short of the limit, and the host still accepts a connection.
    const script = join(
      fileURLToPath(new URL(".", import.meta.url)),
      "fixtures",
      "descriptor-exhaustion.mjs",
    );
    const { stdout } = await promisify(execFile)(
      "bash",
      ["-c", `ulimit -n 400 && exec "${process.execPath}" "${script}" "${FIXTURE}" "${CACHE}" "${dir}"`],
      { timeout: 60_000 },
    );
    const report = JSON.parse(stdout) as {
      held: number;
      refused: string[];
      connected: boolean;
      ceiling: number;
    };
    expect(report.refused).toEqual(["quota"]);
    expect(report.held).toBeGreaterThan(0);
    expect(report.held).toBeLessThan(400 - 100);
    expect(report.connected).toBe(true);
  }, 90_000);
});

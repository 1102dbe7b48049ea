import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type Check,
  cell,
  problems,
  readResults,
  renderTable,
  type ScenarioResult,
  tally,
} from "./results.js";

const check = (status: Check["status"], errorMessage?: string): Check => ({
  id: "c",
  name: "Check",
  status,
  ...(errorMessage ? { errorMessage } : {}),
});

const clean: ScenarioResult = { scenario: "ping", checks: [check("SUCCESS"), check("INFO")] };
const warned: ScenarioResult = {
  scenario: "server-sse-polling",
  checks: [check("SUCCESS"), check("WARNING", "no retry field")],
};
const failed: ScenarioResult = { scenario: "tools-list", checks: [check("FAILURE", "no tools")] };

describe("results", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("reads each scenario's checks.json from the suite's output directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "results-test-"));
    dirs.push(dir);
    const entry = join(dir, "server-tools-call-with-logging-2026-11-25T10-32-15-106Z");
    await mkdir(entry);
    await writeFile(join(entry, "checks.json"), JSON.stringify([check("SUCCESS")]));
    await mkdir(join(dir, "unrelated"));
    expect(await readResults(dir)).toEqual([
      { scenario: "tools-call-with-logging", checks: [check("SUCCESS")] },
    ]);
  });

  it("counts SUCCESS, FAILURE and WARNING and lists what did not pass", () => {
    expect(tally([clean, warned, failed])).toEqual({ passed: 2, failed: 1, warnings: 1 });
    expect(problems([clean, warned, failed])).toEqual([
      "server-sse-polling › Check: WARNING no retry field",
      "tools-list › Check: FAILURE no tools",
    ]);
  });

  it("renders a warning as neither pass nor fail, and a table with totals per wire", () => {
    expect(cell(clean)).toBe("✅ 1/1");
    expect(cell(warned)).toBe("⚠️ 1/1, 1 warning");
    expect(cell(failed)).toBe("❌ 0/1");
    expect(cell(undefined)).toBe("not run");
    expect(renderTable({ http: [clean, failed], stdio: [clean] }).split("\n")).toEqual([
      "| scenario | http | stdio |",
      "| --- | --- | --- |",
      "| `ping` | ✅ 1/1 | ✅ 1/1 |",
      "| `tools-list` | ❌ 0/1 | not run |",
      "| total | **1 passed, 1 failed, 0 warnings** | **1 passed, 0 failed, 0 warnings** |",
    ]);
  });
});

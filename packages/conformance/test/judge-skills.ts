import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExtensionScenario, SKILLS_SCENARIOS } from "../src/extensions.js";
import { REQUIREMENTS_SUITE_VERSION, type Revision } from "../src/requirements.js";
import { tally } from "../src/results.js";
import type { SuiteRun } from "../src/suite.js";
import { type Endpoint, serveEverything, WIRES, type Wire } from "../src/wires.js";
import { SKILLS_2026_CHECKS } from "./requirements-baseline.js";

/**
 * Judges `wire` by the suite's skills scenarios (SEP-2640) at 2026-07-28 and at 2025-11-25: each
 * passes with its checks run — none failed, none warned, and none skipped but the two cache-field
 * checks, which the suite defines from 2026-07-28 only.
 */
export function judgeSkills(wire: Wire): void {
  describe(`conformance ${REQUIREMENTS_SUITE_VERSION} skills scenarios (SEP-2640) on ${WIRES[wire]}`, () => {
    let endpoint: Endpoint | undefined;
    const runs = new Map<string, SuiteRun>();
    beforeAll(async () => {
      endpoint = await serveEverything(wire);
      for (const revision of ["2026-07-28", "2025-11-25"] as const satisfies readonly Revision[]) {
        for (const scenario of SKILLS_SCENARIOS) {
          const url = endpoint.url;
          runs.set(`${revision} ${scenario}`, await runExtensionScenario({ url, scenario, revision }));
        }
      }
    }, 600_000);
    afterAll(async () => {
      await endpoint?.close();
      for (const run of runs.values()) await rm(run.outputDir, { recursive: true, force: true });
    });

    it.each(SKILLS_SCENARIOS)("%s passes at 2026-07-28 with every check run", (scenario) => {
      const run = runs.get(`2026-07-28 ${scenario}`) as SuiteRun;
      const checks = run.results.flatMap((result) => result.checks);
      expect(tally(run.results), run.output).toEqual({
        passed: SKILLS_2026_CHECKS[scenario],
        failed: 0,
        warnings: 0,
      });
      expect(checks.filter((check) => check.status === "SKIPPED").map((check) => check.id)).toEqual([]);
    });

    it.each(SKILLS_SCENARIOS)("%s passes at 2025-11-25 (cache fields skipped: 2026-only)", (scenario) => {
      const run = runs.get(`2025-11-25 ${scenario}`) as SuiteRun;
      const skipped = run.results
        .flatMap((result) => result.checks)
        .filter((check) => check.status === "SKIPPED");
      expect(tally(run.results), run.output).toMatchObject({ failed: 0, warnings: 0 });
      expect(skipped.map((check) => check.id).sort()).toEqual(
        scenario === "sep-2640-skills-enumeration"
          ? ["sep-2640-skills-get-cache-attributes", "sep-2640-skills-list-cache-attributes"]
          : [],
      );
    });
  });
}

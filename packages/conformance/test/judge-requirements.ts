import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REQUIREMENTS_SUITE_VERSION, type Revision, runRequirements } from "../src/requirements.js";
import { problems, tally } from "../src/results.js";
import type { SuiteRun } from "../src/suite.js";
import { type Endpoint, serveEverything, WIRES, type Wire } from "../src/wires.js";
import {
  HTTP_ONLY_2026_SCENARIOS,
  PASSING_2026_SCENARIOS,
  WARNING_2026_SCENARIOS,
} from "./requirements-baseline.js";

/** Runs one requirement set against the everything component served on `wire`. */
function judgeRevision(wire: Wire, revision: Revision, assertions: (run: () => SuiteRun) => void): void {
  describe(`conformance ${REQUIREMENTS_SUITE_VERSION} --requirements ${revision} on ${WIRES[wire]}`, () => {
    let endpoint: Endpoint | undefined;
    let run: SuiteRun | undefined;
    beforeAll(async () => {
      endpoint = await serveEverything(wire);
      run = await runRequirements({ url: endpoint.url, revision });
    }, 600_000);
    afterAll(async () => {
      await endpoint?.close();
      if (run) await rm(run.outputDir, { recursive: true, force: true });
    });
    assertions(() => run as SuiteRun);
  });
}

/**
 * Judges `wire` by both requirement sets: 2025-11-25 must pass every check; 2026-07-28 must exit 0
 * (every scored scenario passes) and keep passing every scenario of the ratchet list
 * {@link PASSING_2026_SCENARIOS}, with no failed check and no warning (but those
 * {@link WARNING_2026_SCENARIOS} explains).
 */
export function judgeRequirements(wire: Wire): void {
  judgeRevision(wire, "2025-11-25", (run) => {
    it("passes every check, so the suite exits 0", () => {
      expect(problems(run().results)).toEqual([]);
      expect(run().totals).toBe("Total: 83 passed, 0 failed");
      expect(run().exitCode, run().output).toBe(0);
    });
  });

  judgeRevision(wire, "2026-07-28", (run) => {
    it("keeps passing every scenario that passed before (a ratchet while the 2026 wire is built)", () => {
      const passing = run()
        .results.filter((result) => {
          const { failed, warnings } = tally([result]);
          const warningAllowed = result.scenario in WARNING_2026_SCENARIOS;
          return result.checks.length > 0 && failed === 0 && (warnings === 0 || warningAllowed);
        })
        .map((result) => result.scenario);
      const httpOnly = wire === "http" ? Object.keys(HTTP_ONLY_2026_SCENARIOS) : [];
      expect(passing).toEqual(expect.arrayContaining([...PASSING_2026_SCENARIOS, ...httpOnly]));
    });

    it("passes every scored scenario, so the suite exits 0", () => {
      expect(run().exitCode, run().output).toBe(0);
    });

    it("fails no check at all, scored or not (the tasks extension and pending scenarios included)", () => {
      expect(tally(run().results).failed, problems(run().results).join("\n")).toBe(0);
    });
  });
}

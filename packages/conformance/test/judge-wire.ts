import { readFile, rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPECTED_FAILURES_FILE } from "../src/paths.js";
import { problems, tally } from "../src/results.js";
import { runSuite, SUITE_VERSION, type SuiteRun } from "../src/suite.js";
import { type Endpoint, serveEverything, WIRES, type Wire } from "../src/wires.js";

/**
 * Passing checks per scenario of `--suite all` (conformance 0.1.16), as measured when every
 * scenario passed without warnings on both wires. A scenario that loses a check — to a FAILURE,
 * a WARNING, or a check that quietly turns INFO — fails the test.
 */
export const PASSING_CHECKS: Record<string, number> = {
  "server-initialize": 1,
  "logging-set-level": 1,
  ping: 1,
  "completion-complete": 1,
  "tools-list": 1,
  "tools-call-simple-text": 1,
  "tools-call-image": 1,
  "tools-call-audio": 1,
  "tools-call-embedded-resource": 1,
  "tools-call-mixed-content": 1,
  "tools-call-with-logging": 1,
  "tools-call-error": 1,
  "tools-call-with-progress": 1,
  "tools-call-sampling": 1,
  "tools-call-elicitation": 1,
  "json-schema-2020-12": 4,
  "elicitation-sep1034-defaults": 5,
  "server-sse-polling": 2,
  "server-sse-multiple-streams": 2,
  "elicitation-sep1330-enums": 5,
  "resources-list": 1,
  "resources-read-text": 1,
  "resources-read-binary": 1,
  "resources-templates-read": 1,
  "resources-subscribe": 1,
  "resources-unsubscribe": 1,
  "prompts-list": 1,
  "prompts-get-simple": 1,
  "prompts-get-with-args": 1,
  "prompts-get-embedded-resource": 1,
  "prompts-get-with-image": 1,
  "dns-rebinding-protection": 2,
};

/**
 * Runs the official conformance suite (`--suite all`, with this package's expected-failures
 * baseline) against the everything component served on `wire`, and asserts the whole outcome.
 */
export function judgeWire(wire: Wire): void {
  describe(`conformance ${SUITE_VERSION} --suite all on ${WIRES[wire]}`, () => {
    let endpoint: Endpoint | undefined;
    let run: SuiteRun;
    beforeAll(async () => {
      endpoint = await serveEverything(wire);
      run = await runSuite({ url: endpoint.url });
    }, 600_000); // runSuite kills the suite after its own 300 s, well inside this budget
    afterAll(async () => {
      await endpoint?.close();
      if (run) await rm(run.outputDir, { recursive: true, force: true });
    });

    it("passes every check with no failure and no warning, so the suite exits 0", () => {
      expect(problems(run.results)).toEqual([]);
      expect(tally(run.results)).toEqual({ passed: 46, failed: 0, warnings: 0 });
      expect(run.totals).toBe("Total: 46 passed, 0 failed");
      expect(run.exitCode, run.output).toBe(0);
    });

    it("ran every scenario of the suite, each passing every check it passed before", () => {
      const passing = Object.fromEntries(
        run.results.map((result) => [result.scenario, tally([result]).passed]),
      );
      expect(passing).toEqual(PASSING_CHECKS);
    });
  });
}

/** The expected-failures baseline holds no scenario: the issue is done only when it is empty. */
export async function expectedFailures(): Promise<string> {
  const text = await readFile(EXPECTED_FAILURES_FILE, "utf8");
  return text
    .split("\n")
    .filter((line) => !line.startsWith("#") && line.trim() !== "")
    .join("\n");
}

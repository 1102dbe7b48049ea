import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** The vitest options every package shares. Integration tests get generous timeouts: they spawn
 * processes and load real components on a 2-core machine. Results also go to
 * `.vitest/results.json`, which `scripts/test-summary.js` adds up across packages. Every test file
 * runs under `scripts/vitest-child-guard.ts`, which fails a file that leaves a process running. */
export const baseTestConfig = defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: [fileURLToPath(new URL("./scripts/vitest-child-guard.ts", import.meta.url))],
    reporters: ["default", ["json", { outputFile: ".vitest/results.json" }]],
  },
});

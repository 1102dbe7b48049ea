import { defineConfig, mergeConfig } from "vitest/config";
import { baseTestConfig } from "../../vitest.config.base.ts";

// The host's integration tests start worker threads and time deadlines: run files one after the
// other so that two suites do not fight over the machine's two cores.
export default mergeConfig(baseTestConfig, defineConfig({ test: { fileParallelism: false } }));

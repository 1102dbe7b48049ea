import { defineConfig, mergeConfig } from "vitest/config";
import { baseTestConfig } from "../../vitest.config.base.ts";

// One Chromium at a time on a two-core machine.
export default mergeConfig(baseTestConfig, defineConfig({ test: { fileParallelism: false } }));

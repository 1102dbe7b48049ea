import { defineConfig, mergeConfig } from "vitest/config";
import { baseTestConfig } from "../../vitest.config.base.ts";

// One Chromium at a time: the machine has two cores, and deadline tests time real work.
export default mergeConfig(baseTestConfig, defineConfig({ test: { fileParallelism: false } }));

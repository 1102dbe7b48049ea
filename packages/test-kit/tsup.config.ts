import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.config.base.ts";

export default defineConfig(
  packageBuild({
    index: "src/index.ts",
    "fixture-server": "src/fixture-server.ts",
    chromium: "src/chromium.ts",
    process: "src/process/index.ts",
    "fault-call": "src/fault-call.ts",
  }),
);

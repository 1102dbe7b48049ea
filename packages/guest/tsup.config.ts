import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.config.base.ts";

// The kit runs inside a component (StarlingMonkey), not on Node: neutral platform, and the
// `wasi:mcp/*` imports stay external for ComponentizeJS to bind.
export default defineConfig(
  packageBuild(
    { index: "src/index.ts", core: "src/core.ts" },
    { platform: "neutral", target: "es2022", external: [/^wasi:/] },
  ),
);

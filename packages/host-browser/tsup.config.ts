import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.config.base.ts";

// The library for bundlers (dependencies stay imports) and the Node-only static server (its own
// subpath, so the browser entry never reaches node: modules). `build` empties dist/ first: two
// configs running side by side must not clean each other's output. scripts/bundle.mjs then writes
// dist/browser/: the library and its instance worker bundled for a page without a bundler.
export default defineConfig([
  packageBuild(
    { index: "src/index.ts" },
    {
      platform: "browser",
      target: "es2023",
      clean: false,
      // The library's default worker is the self-contained one of dist/browser/.
      define: { __WORKER_PATH__: JSON.stringify("./browser/instance-worker.js") },
    },
  ),
  packageBuild({ "static-server": "src/node/static-server.ts" }, { clean: false }),
]);

import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.config.base.ts";

export default defineConfig([
  packageBuild({ index: "src/index.ts", portable: "src/portable.ts", engine: "src/engine.ts" }),
  // The instance worker bundles the conversions it uses, and tree-shaking leaves out the one that
  // needs the MCP SDK (`guestErrorToMcp`); importing the SDK's types is declared free of side
  // effects, so no bare import of them is left either. A worker never loads the SDK: ≈ 13 MB and
  // 200 ms less per instance (a test checks the output). `clean` is off: it would delete the other
  // build's output.
  packageBuild(
    { "instance-worker": "src/node/instance-worker.ts" },
    {
      noExternal: ["@wasi-mcp/conversions"],
      clean: false,
      treeshake: {
        moduleSideEffects: (id, external) => !(external && id === "@modelcontextprotocol/sdk/types.js"),
      },
    },
  ),
  // Loaded by preview2-shim's I/O worker thread (`callExtension`), next to the files that name it.
  packageBuild(
    { "outgoing-http-worker": "src/sandbox/http/outgoing-http-worker.ts" },
    { clean: false, dts: false },
  ),
]);

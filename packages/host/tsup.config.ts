import { defineConfig } from "tsup";
import { packageBuild } from "../../tsup.config.base.ts";

/** External modules the worker bundle may drop when it uses none of their exports. */
const SIDE_EFFECT_FREE = new Set(["@modelcontextprotocol/sdk/types.js", "@wasi-mcp/router"]);

export default defineConfig([
  packageBuild({ index: "src/index.ts", portable: "src/portable.ts", engine: "src/engine.ts" }),
  // The instance worker bundles the conversions it uses, and tree-shaking leaves out the one that
  // needs the MCP SDK (`guestErrorToMcp`); importing the SDK's types is declared free of side
  // effects, so no bare import of them is left either. A worker never loads the SDK: ≈ 13 MB and
  // 200 ms less per instance (a test checks the output). The same for the router (the host's
  // question and failure code names its `InputRequiredSignal`, which the worker never uses): a bare
  // import of it loaded the router, both SDKs, zod and ajv into every instance worker (measured:
  // 25.7 → 12.8 MiB of heap per instance worker; docs/benchmarks.md, issue 25). `clean` is off:
  // it would delete the other build's output.
  packageBuild(
    { "instance-worker": "src/node/instance-worker.ts" },
    {
      noExternal: ["@wasi-mcp/conversions"],
      clean: false,
      treeshake: {
        moduleSideEffects: (id, external) => !(external && SIDE_EFFECT_FREE.has(id)),
      },
    },
  ),
  // Loaded by preview2-shim's I/O worker thread (`callExtension`), next to the files that name it.
  packageBuild(
    { "outgoing-http-worker": "src/sandbox/http/outgoing-http-worker.ts" },
    { clean: false, dts: false },
  ),
]);

/**
 * @module @wasi-mcp/conformance-harness
 *
 * The external judges, scripted: the official MCP conformance suite (server mode, `--suite all`)
 * and the MCP inspector CLI, run against `mcp-compositor` serving the `everything` component over
 * Streamable HTTP and over stdio — the latter through a stdio→HTTP bridge, since the suite speaks
 * Streamable HTTP only.
 *
 * @example
 * ```ts
 * import { problems, runSuite, serveEverything } from "@wasi-mcp/conformance-harness";
 * const endpoint = await serveEverything("stdio");
 * const run = await runSuite({ url: endpoint.url });
 * console.error(run.totals, problems(run.results));
 * await endpoint.close();
 * ```
 */
export { ChildPool, type StdioChild, type StdioCommand } from "./bridge/child-pool.js";
export { RequestRelation } from "./bridge/relation.js";
export { StdioRelayServer } from "./bridge/relay-server.js";
export { createStdioBridge, type StdioBridge, type StdioBridgeOptions } from "./bridge/stdio-bridge.js";
export {
  type CompositorProcess,
  type NetworkTransport,
  type StartCompositorOptions,
  startCompositor,
} from "./compositor-process.js";
export {
  type RunExtensionScenarioOptions,
  runExtensionScenario,
  SKILLS_SCENARIOS,
} from "./extensions.js";
export {
  INSPECTOR_EXIT,
  INSPECTOR_PACKAGE,
  type Inspector,
  type InspectorResult,
  inspectorBinary,
  locateInspector,
} from "./inspector.js";
export { COMPOSITOR_CLI, CONFORMANCE_NEXT_CLI, EVERYTHING_WASM, EXPECTED_FAILURES_FILE } from "./paths.js";
export {
  REQUIREMENTS_SUITE_VERSION,
  REVISIONS,
  type Revision,
  type RunRequirementsOptions,
  runRequirements,
} from "./requirements.js";
export {
  type Check,
  type CheckStatus,
  cell,
  problems,
  readResults,
  renderTable,
  type ScenarioResult,
  type Tally,
  tally,
} from "./results.js";
export { type RunSuiteOptions, runSuite, SUITE_VERSION, type SuiteRun } from "./suite.js";
export { type Endpoint, serveEverything, WIRES, type Wire } from "./wires.js";

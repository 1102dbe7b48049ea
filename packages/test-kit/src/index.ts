/**
 * @module @wasi-mcp/test-kit
 *
 * The shared transport battery (private): {@link runTransportSuite} registers the same vitest
 * cases against any transport, with the SDK `Client` and real servers — the hello component for
 * the basic cases, a backend that notifies, elicits and waits to be cancelled for the others. And
 * the engine fault battery, {@link runEngineFaults}, that every host of the instance engine runs.
 *
 * @example
 * ```ts
 * import { runTransportSuite } from "@wasi-mcp/test-kit";
 * runTransportSuite({ name: "WebSocket", concurrentClients: true, start: startWebSocket });
 * ```
 */

export { type Connected, connectComponent } from "./connect-component.js";
export {
  type EngineFaultsOptions,
  type FaultComponent,
  type FaultPolicy,
  runEngineFaults,
} from "./engine-faults.js";
export { callBackend, type FaultCall, type FaultOutcome } from "./fault-call.js";
export {
  FIXTURES,
  type FixtureId,
  type FixtureInstance,
  helloComponentPath,
  helloFixture,
  interactiveFixture,
  type ServerFixture,
} from "./fixtures.js";
export type {
  TransportHarness,
  TransportSuiteOptions,
  TransportUnderTest,
} from "./harness.js";
export { createInteractiveBackend, INTERACTIVE_TOOLS, type InteractiveStats } from "./interactive-backend.js";
export { fixtureServerPath, stdioTransport } from "./stdio-harness.js";
export { connectClient, runTransportSuite } from "./transport-suite.js";
export { yieldBetweenMessages } from "./yielding-transport.js";

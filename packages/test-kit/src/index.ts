/**
 * @module @wasi-mcp/test-kit
 *
 * The shared transport battery (private): {@link runTransportSuite} registers the same vitest
 * cases against any transport, with the SDK `Client` and real servers — the hello component for
 * the basic cases, a backend that notifies, elicits and waits to be cancelled for the others.
 *
 * @example
 * ```ts
 * import { runTransportSuite } from "@wasi-mcp/test-kit";
 * runTransportSuite({ name: "WebSocket", concurrentClients: true, start: startWebSocket });
 * ```
 */

export { type Connected, connectComponent } from "./connect-component.js";
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

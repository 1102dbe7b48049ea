import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { ServerFixture } from "./fixtures.js";

/** A server of one fixture, reachable over the transport under test. */
export interface TransportHarness {
  /** A new client-side transport: its own connection (and session). */
  clientTransport(): Transport;
  /** Throws if the server side is not healthy (crashed process, dead listener). */
  assertHealthy(): Promise<void>;
  /** Stops the server and everything it started. */
  close(): Promise<void>;
}

/**
 * One transport as the battery sees it: how to start a server for a fixture, and what it can do.
 *
 * @example
 * ```ts
 * const http: TransportUnderTest = {
 *   name: "Streamable HTTP",
 *   concurrentClients: true,
 *   async start(fixture) { ... return { clientTransport, assertHealthy, close }; },
 * };
 * ```
 */
export interface TransportUnderTest {
  /** Shown in test names. */
  name: string;
  /** One server takes many clients at once (HTTP, WebSocket); false for stdio (one per process). */
  concurrentClients: boolean;
  /** Starts a server for `fixture`; every client transport gets its own SDK server from it. */
  start(fixture: ServerFixture): Promise<TransportHarness>;
}

/** Options of {@link runTransportSuite}. */
export interface TransportSuiteOptions {
  /** Serves the basic cases (tools echo and add). Default: the real hello component. */
  basic?: ServerFixture;
  /** Serves the notification, elicitation and cancellation cases. Default: the interactive plain backend. */
  interactive?: ServerFixture;
  /** Clients of the concurrency case. Default 50. */
  concurrentClients?: number;
}

import { createStdioBridge } from "./bridge/stdio-bridge.js";
import { startCompositor } from "./compositor-process.js";
import { COMPOSITOR_CLI, EVERYTHING_WASM } from "./paths.js";

/** The wires the conformance suite judges: HTTP directly, stdio through the bridge. */
export const WIRES = {
  http: "Streamable HTTP",
  stdio: "stdio (through the bridge)",
} as const;

/** A wire under test. */
export type Wire = keyof typeof WIRES;

/** An MCP endpoint serving the everything component over one wire. */
export interface Endpoint {
  readonly url: URL;
  /** Live sessions (stdio: live bridged server processes), when known. */
  sessions(): number | undefined;
  close(): Promise<void>;
}

/**
 * Serves the built `everything` component with `mcp-compositor` over `wire`, as a Streamable HTTP
 * endpoint the suite can reach: `mcp-compositor serve --transport http`, or `mcp-compositor serve`
 * (stdio) behind {@link createStdioBridge}, one compositor process per session.
 *
 * @example
 * ```ts
 * const endpoint = await serveEverything("stdio");
 * const run = await runSuite({ url: endpoint.url });
 * await endpoint.close();
 * ```
 */
export async function serveEverything(wire: Wire, component = EVERYTHING_WASM): Promise<Endpoint> {
  if (wire === "http") {
    const server = await startCompositor({ transport: "http", component });
    return { url: server.url, sessions: () => undefined, close: () => server.stop() };
  }
  const bridge = await createStdioBridge({
    command: process.execPath,
    args: [COMPOSITOR_CLI, "serve", component],
  });
  return { url: bridge.url, sessions: () => bridge.sessionCount, close: () => bridge.close() };
}

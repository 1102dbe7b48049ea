import { type ServerProcess, startServerProcess } from "@wasi-mcp/test-kit/process";
import { COMPOSITOR_CLI, EVERYTHING_WASM } from "./paths.js";

/** A network transport of `mcp-compositor serve`. */
export type NetworkTransport = "http" | "ws";

/** A running `mcp-compositor serve … --transport http|ws` child process. */
export interface CompositorProcess {
  /** The endpoint the compositor announced on stderr. */
  readonly url: URL;
  readonly child: ServerProcess["child"];
  /** The last lines of its stderr. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Options of {@link startCompositor}. */
export interface StartCompositorOptions {
  transport: NetworkTransport;
  /** The component to serve. Default: the built `everything` component. */
  component?: string;
  /** How long loading may take before giving up. Default 60 s (a cold transpile on 2 cores). */
  timeoutMs?: number;
}

/**
 * Starts `mcp-compositor serve <component> --transport <t> --port 0` and waits for the
 * "ready … at <url>" line it prints on stderr (through test-kit's one process harness).
 *
 * @example
 * ```ts
 * const server = await startCompositor({ transport: "http" });
 * console.error(server.url.href); // http://127.0.0.1:PORT/mcp
 * await server.stop();
 * ```
 */
export async function startCompositor(options: StartCompositorOptions): Promise<CompositorProcess> {
  const server = await startServerProcess({
    name: "mcp-compositor",
    args: [
      COMPOSITOR_CLI,
      "serve",
      options.component ?? EVERYTHING_WASM,
      "--transport",
      options.transport,
      "--port",
      "0",
    ],
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  return {
    url: server.url as URL,
    child: server.child,
    output: () => server.stderr(),
    stop: async (graceMs) => {
      await server.stop(graceMs);
    },
  };
}

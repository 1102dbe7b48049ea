import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { ChildOutput } from "./child-output.js";
import { COMPOSITOR_CLI, EVERYTHING_WASM } from "./paths.js";

/** A network transport of `mcp-compositor serve`. */
export type NetworkTransport = "http" | "ws";

/** A running `mcp-compositor serve … --transport http|ws` child process. */
export interface CompositorProcess {
  /** The endpoint the compositor announced on stderr. */
  readonly url: URL;
  readonly child: ChildProcess;
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
 * "ready … at <url>" line it prints on stderr.
 *
 * @example
 * ```ts
 * const server = await startCompositor({ transport: "http" });
 * console.error(server.url.href); // http://127.0.0.1:PORT/mcp
 * await server.stop();
 * ```
 */
export async function startCompositor(options: StartCompositorOptions): Promise<CompositorProcess> {
  const args = [COMPOSITOR_CLI, "serve", options.component ?? EVERYTHING_WASM];
  args.push("--transport", options.transport, "--port", "0");
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  const output = new ChildOutput(child.stderr);
  const exited = once(child, "exit");
  const stop = async (graceMs = 5_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };
  try {
    const [, url] = await output.waitFor(/ready in .* at (\S+)$/, options.timeoutMs ?? 60_000, exited);
    return { url: new URL(url as string), child, output: () => output.tail(), stop };
  } catch (error) {
    await stop();
    throw new Error(
      `[@wasi-mcp/conformance-harness] mcp-compositor did not start: ${(error as Error).message}`,
    );
  }
}

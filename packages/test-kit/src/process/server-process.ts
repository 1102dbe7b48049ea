import { type ChildProcess, spawn } from "node:child_process";
import { ChildOutput } from "./child-output.js";

/**
 * The line `mcp-compositor serve` prints on stderr once it serves a network transport
 * ("mcp-compositor: ready in 412 ms: hello at http://127.0.0.1:PORT/mcp"); its group is the URL.
 */
export const SERVING_URL_LINE = / at ((?:http|ws):\/\/\S+)$/;

/** Options of {@link startServerProcess}. */
export interface ServerProcessOptions {
  /** The program's arguments (after `command`). */
  args: string[];
  /** The program. Default: this Node (`process.execPath`). */
  command?: string;
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
  /**
   * The stderr line that says the server serves, its first group the URL. Default
   * {@link SERVING_URL_LINE}; `null` for a server on stdio (started = spawned).
   */
  ready?: RegExp | null;
  /** How long starting may take. Default 60 s (a cold transpile on a loaded 2-core machine). */
  timeoutMs?: number;
  /** Pipe stdin and stdout (a stdio server, or a child that reports on stdout). Default: ignored. */
  stdio?: "pipe" | "ignore";
  /** Open an IPC channel to the child (`child.send`/`on("message")`), e.g. for a probe it imports. */
  ipc?: boolean;
  /** Called with every line the server writes on stderr. */
  onStderrLine?(line: string): void;
  /** A label for error messages. Default: the first argument. */
  name?: string;
}

/** A running server process; `await using` stops it at the end of the scope. */
export interface ServerProcess extends AsyncDisposable {
  readonly child: ChildProcess;
  /** What the ready line named; `undefined` for a server on stdio. */
  readonly url: URL | undefined;
  /** Its stderr so far (the last 10 000 lines). */
  stderr(): string;
  /** Resolves with the exit code (`null` when ended by a signal) once it has exited. */
  readonly exited: Promise<number | null>;
  /**
   * SIGTERM, then SIGKILL after `graceMs` (default 5 s; `Infinity`: never); resolves with the exit
   * code.
   */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts a server as a child process and waits until it says it serves — the one way the tests,
 * the conformance harness and the soak start `mcp-compositor` (or any server). A server that does
 * not come up in time, or exits first, is killed and the error carries its stderr.
 *
 * @example
 * ```ts
 * await using server = await startServerProcess({
 *   args: [cliPath, "serve", "hello.wasm", "--transport", "http", "--port", "0"],
 * });
 * const client = new StreamableHTTPClientTransport(server.url!);
 * ```
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const stdio = options.stdio ?? "ignore";
  const child = spawn(options.command ?? process.execPath, options.args, {
    stdio: options.ipc ? [stdio, stdio, "pipe", "ipc"] : [stdio, stdio, "pipe"],
    env: { ...process.env, ...options.env },
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", reject);
  });
  exited.catch(() => {});
  const stderr = new ChildOutput(child.stderr, 10_000, options.onStderrLine);
  const stop = async (graceMs = 5_000): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill("SIGTERM");
    // An infinite grace waits for SIGTERM alone (a test of how the server shuts down).
    const timer = Number.isFinite(graceMs) ? setTimeout(() => child.kill("SIGKILL"), graceMs) : undefined;
    try {
      return await exited.catch(() => null);
    } finally {
      clearTimeout(timer);
    }
  };
  let url: URL | undefined;
  const ready = options.ready === undefined ? SERVING_URL_LINE : options.ready;
  if (ready !== null) {
    try {
      const [, found] = await stderr.waitFor(ready, options.timeoutMs ?? 60_000, exited);
      url = found === undefined ? undefined : new URL(found);
    } catch (error) {
      await stop(0);
      const name = options.name ?? options.args[0] ?? "the server";
      throw new Error(`[@wasi-mcp/test-kit] ${name} did not start: ${(error as Error).message}`);
    }
  }
  return {
    child,
    url,
    stderr: () => stderr.tail(),
    exited,
    stop,
    [Symbol.asyncDispose]: async () => {
      await stop();
    },
  };
}

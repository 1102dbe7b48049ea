// Spawns `mcp-compositor serve <hello.wasm> --transport http|ws --port 0` (no component argument
// when `component` is null: a `--config` names them) through test-kit's process harness, which
// waits for the URL it prints on stderr. Shared by http.test.ts and ws.test.ts.
import type { ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServerProcess } from "@wasi-mcp/test-kit/process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const cli = join(root, "dist", "cli.js");
export const hello = join(root, "..", "components", "hello", "dist", "hello.wasm");
export const everything = join(root, "..", "components", "everything", "dist", "everything.wasm");

/** A running CLI process serving over the network. */
export interface ServingProcess {
  child: ChildProcess;
  url: URL;
  stderr: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function serveOverNetwork(
  transport: "http" | "ws",
  extra: string[] = [],
  component: string | null = hello,
): Promise<ServingProcess> {
  const server = await startServerProcess({
    name: "mcp-compositor",
    args: [
      cli,
      "serve",
      ...(component ? [component] : []),
      "--transport",
      transport,
      "--port",
      "0",
      ...extra,
    ],
  });
  return {
    child: server.child,
    url: server.url as URL,
    stderr: server.stderr,
    // No SIGKILL fallback: the tests that stop it check how it shuts down on SIGTERM alone.
    stop: () => server.stop(Number.POSITIVE_INFINITY),
  };
}

// Spawns `mcp-compositor serve <hello.wasm> --transport http|ws --port 0` (no component argument
// when `component` is null: a `--config` names them) and waits for the URL it
// prints on stderr. Shared by http.test.ts and ws.test.ts.
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
  const child = spawn(
    process.execPath,
    [cli, "serve", ...(component ? [component] : []), "--transport", transport, "--port", "0", ...extra],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  const serving = new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no URL printed within 60 s; stderr:\n${stderr}`)),
      60_000,
    );
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = / at ((?:http|ws):\/\/\S+)\n/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before serving; stderr:\n${stderr}`));
    });
  });
  const url = await serving.catch((error: unknown) => {
    // Not serving in time: end it here, since no caller will get a handle to stop it.
    child.kill("SIGKILL");
    throw error;
  });
  return {
    child,
    url,
    stderr: () => stderr,
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill("SIGTERM");
      });
    },
  };
}

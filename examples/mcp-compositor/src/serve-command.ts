import { loadComponent, serveStdio } from "@wasi-mcp/host";
import { describeComponent } from "./banner.js";

/** Options of the `serve` command. */
export interface ServeCommandOptions {
  transport: string;
  cacheDir?: string;
}

/** Transports this build of the CLI can serve. */
export const TRANSPORTS = ["stdio"] as const;

/**
 * `mcp-compositor serve <component>`: loads the component and serves it until the client goes
 * away or the process is told to stop. Everything for humans goes to stderr.
 */
export async function serveCommand(components: string[], options: ServeCommandOptions): Promise<void> {
  if (!(TRANSPORTS as readonly string[]).includes(options.transport)) {
    throw new Error(`unknown transport "${options.transport}"; expected one of: ${TRANSPORTS.join(", ")}`);
  }
  if (components.length !== 1) {
    throw new Error(`serve takes exactly one component in this version, got ${components.length}`);
  }
  const component = await loadComponent(components[0] as string, {
    ...(options.cacheDir ? { cacheDirectory: options.cacheDir } : {}),
  });
  log(describeComponent(component));
  const running = await serveStdio(component);
  log(`serving ${component.name} over stdio (newline-delimited JSON-RPC on stdin/stdout)`);
  const stop = () => void running.close();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await running.closed;
  log("client disconnected; bye");
}

function log(message: string): void {
  process.stderr.write(`mcp-compositor: ${message}\n`);
}

import { loadComponent, serveStdio } from "@wasi-mcp/host";
import { createMcpServer } from "@wasi-mcp/router";
import { createHttpServer } from "@wasi-mcp/transport-http";
import { createWebSocketServer } from "@wasi-mcp/transport-ws";
import { describeComponent } from "./banner.js";

/** Options of the `serve` command. */
export interface ServeCommandOptions {
  transport: string;
  /** Interface to bind (http, ws). */
  host: string;
  /** Port to listen on (http, ws); 0 picks a free one. */
  port: string;
  /** Endpoint path (http, ws). Default `/mcp` for http, `/ws` for ws. */
  path?: string;
  cacheDir?: string;
}

/** Transports this build of the CLI can serve. */
export const TRANSPORTS = ["stdio", "http", "ws"] as const;

/** Default endpoint path per network transport. */
export const DEFAULT_PATHS = { http: "/mcp", ws: "/ws" } as const;

/**
 * `mcp-compositor serve <component>`: loads the component and serves it — over stdio until the
 * client goes away, over Streamable HTTP or WebSocket until SIGINT/SIGTERM. Everything for humans
 * goes to stderr.
 */
export async function serveCommand(components: string[], options: ServeCommandOptions): Promise<void> {
  const transport = options.transport;
  if (!(TRANSPORTS as readonly string[]).includes(transport)) {
    throw new Error(`unknown transport "${transport}"; expected one of: ${TRANSPORTS.join(", ")}`);
  }
  const port = parsePort(options.port);
  if (components.length !== 1) {
    throw new Error(`serve takes exactly one component in this version, got ${components.length}`);
  }
  const component = await loadComponent(components[0] as string, {
    ...(options.cacheDir ? { cacheDirectory: options.cacheDir } : {}),
  });
  log(describeComponent(component));
  if (transport === "stdio") {
    const running = await serveStdio(component);
    log(`serving ${component.name} over stdio (newline-delimited JSON-RPC on stdin/stdout)`);
    const stop = () => void running.close();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    await running.closed;
    log("client disconnected; bye");
    return;
  }
  // Listen for the stop signals before announcing the URL: a signal with no listener yet kills.
  const stopped = stopSignal();
  const network = { host: options.host, port, createServer: () => createMcpServer(component.backend) };
  const server =
    transport === "http"
      ? await createHttpServer({ ...network, path: options.path ?? DEFAULT_PATHS.http })
      : await createWebSocketServer({ ...network, path: options.path ?? DEFAULT_PATHS.ws });
  const wire = transport === "http" ? "Streamable HTTP" : "WebSocket (subprotocol mcp)";
  log(`serving ${component.name} over ${wire} at ${server.url.href}`);
  await stopped;
  log("shutting down");
  await server.close();
  await component.close();
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`invalid --port "${value}"; expected an integer from 0 to 65535`);
  }
  return port;
}

function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

function log(message: string): void {
  process.stderr.write(`mcp-compositor: ${message}\n`);
}

import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** A static server on the loopback interface. */
export interface StaticServer {
  /** Base URL, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** Options of {@link serveStatic}. */
export interface StaticServerOptions {
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Interface; default 127.0.0.1. */
  host?: string;
  /**
   * Send COOP `same-origin` and COEP `require-corp`, so pages are cross-origin isolated and have
   * SharedArrayBuffer — what the browser host needs to let a component wait for the client
   * (sampling, elicitation).
   */
  crossOriginIsolated?: boolean;
}

/**
 * Serves directories over HTTP on 127.0.0.1 for a page that hosts components: `routes` maps a URL
 * prefix (`/`, `/host/`, `/components/`) to a directory; the longest prefix wins, `/` serves
 * `index.html`. Only GET/HEAD, no directory listings, no path escapes; nothing is cached by the
 * browser (`no-store`), so a rebuilt bundle is always the one loaded.
 *
 * @example
 * ```ts
 * const server = await serveStatic({ "/": "dist/site", "/host/": "node_modules/@wasi-mcp/host-browser/dist/browser" });
 * console.log(server.url);
 * ```
 */
export async function serveStatic(
  routes: Record<string, string>,
  options: StaticServerOptions = {},
): Promise<StaticServer> {
  const isolation = options.crossOriginIsolated
    ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" }
    : {};
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    const prefix = prefixes.find((candidate) => path.startsWith(candidate));
    if ((request.method !== "GET" && request.method !== "HEAD") || prefix === undefined) {
      response.writeHead(prefix === undefined ? 404 : 405).end();
      return;
    }
    const root = normalize(routes[prefix] as string);
    let file = normalize(join(root, path.slice(prefix.length) || "index.html"));
    if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const info = await stat(file);
      response.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "content-length": info.size,
        "cache-control": "no-store",
        ...isolation,
      });
      if (request.method === "HEAD") response.end();
      else createReadStream(file).pipe(response);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

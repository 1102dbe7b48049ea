// `npm run playground`: serves the built playground on 127.0.0.1 and prints its URL.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@wasi-mcp/host-browser/static-server";

const DEFAULT_PORT = 5178;
const site = join(dirname(fileURLToPath(import.meta.url)), "site");
const requested = Number(process.env.PORT ?? DEFAULT_PORT);

/** Listens on the requested port, or on any free one when it is taken. */
async function start() {
  try {
    return await serveStatic({ "/": site }, { port: requested, crossOriginIsolated: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    return serveStatic({ "/": site }, { port: 0, crossOriginIsolated: true });
  }
}

const server = await start();
console.log(`wasi-mcp playground: ${server.url}`);
console.log(
  `deep link example: ${server.url}?component=components/hello.wasm&tool=echo&args=${encodeURIComponent('{"text":"hi"}')}`,
);
const stop = () => void server.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

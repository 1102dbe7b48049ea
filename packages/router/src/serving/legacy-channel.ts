import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { ServedChannel } from "../modern/serve-channel.js";
import { asError } from "../shared/as-error.js";

/**
 * Serves a connection with the 2025 face only (an endpoint without the 2026 face): the server is
 * connected to the transport directly, as before the 2026 face existed. A factory that throws
 * closes the transport and reports the failure.
 */
export function serveLegacyChannel(
  transport: Transport,
  createServer: () => Server | Promise<Server>,
  onError: (error: Error) => void,
): ServedChannel {
  let server: Server | undefined;
  const closed = new Promise<void>((resolve) => {
    const started = (async () => {
      server = await createServer();
      const previous = transport.onclose;
      await server.connect(transport);
      const connected = transport.onclose;
      transport.onclose = () => {
        connected?.();
        previous?.();
        resolve();
      };
    })();
    started.catch((error: unknown) => {
      onError(asError(error));
      transport.close().catch(() => {});
      resolve();
    });
  });
  return { closed, close: async () => (server ? server.close() : transport.close()) };
}

import type { Server as ModernServer } from "@modelcontextprotocol/server";
import { asError } from "../shared/as-error.js";
import { type RequestParamsSchema, screenMessage } from "../shared/message-guard.js";
import { modernEdgeCheck } from "./modern-edge.js";

type ModernTransport = Parameters<ModernServer["connect"]>[0];

/**
 * Screens every message the 2026 face's server receives, on whatever wire it is connected to (a
 * per-request HTTP exchange, a stdio or WebSocket channel): the 2025 face's message guard
 * (`screenMessage`: JSON-RPC shape, nesting depth, the params schema of each routed method,
 * answering `-32602` with a short message instead of the SDK's `-32603` and a validation dump)
 * plus the 2026 edge rules (`modernEdgeCheck`). Refused requests are answered on the same
 * transport and never reach the server.
 *
 * The transport object stays the one the serving entry made (its per-request stream and
 * classification are read from it); only its `onmessage`, set by `connect`, is wrapped.
 */
export function guardModernServer(
  server: ModernServer,
  schemas: ReadonlyMap<string, RequestParamsSchema>,
): void {
  const connect = server.connect.bind(server);
  server.connect = async (transport: ModernTransport) => {
    await connect(transport);
    const deliver = transport.onmessage;
    transport.onmessage = (message, extra) => {
      const screening = screenMessage(message, schemas, modernEdgeCheck);
      if (screening.action === "forward") return deliver?.call(transport, message, extra);
      if (screening.action === "reply") {
        transport
          .send(screening.response as Parameters<ModernTransport["send"]>[0])
          .catch((error: unknown) => server.onerror?.(asError(error)));
      } else {
        server.onerror?.(new Error(`[@wasi-mcp/router] dropped ${screening.reason}`));
      }
    };
  };
}

import type { IncomingMessage, Server as NodeHttpServer, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { HTTP_ERROR_CODES, writeJsonError } from "./errors.js";

/** Default most open connections of `createHttpServer`: 20 000 (two per session at the default `maxSessions`). */
export const DEFAULT_MAX_CONNECTIONS = 20_000;

/** How long a connection over the limit may take to send the request its 503 answers. */
const REFUSED_CONNECTION_GRACE_MS = 1_000;

/** What {@link limitConnections} tells the request handler. */
export interface ConnectionLimit {
  /** Open connections within the limit. */
  readonly count: () => number;
  /** Answers 503 and returns true when `req` came on a connection over the limit. */
  readonly refuse: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/**
 * Holds `server` to `maxConnections` open TCP connections, with or without a session, so a client
 * opening sockets without end cannot exhaust the process's file descriptors: a connection beyond
 * the limit gets a `503` for its first request (a JSON-RPC error naming the limit,
 * `Retry-After: 1`, `Connection: close`) and is closed — after 1 s at most if it sends none.
 */
export function limitConnections(server: NodeHttpServer, maxConnections: number): ConnectionLimit {
  let open = 0;
  const overLimit = new WeakSet<Socket>();
  server.on("connection", (socket: Socket) => {
    if (open >= maxConnections) {
      overLimit.add(socket);
      socket.setTimeout(REFUSED_CONNECTION_GRACE_MS, () => socket.destroy());
      return;
    }
    open++;
    socket.once("close", () => open--);
  });
  return {
    count: () => open,
    refuse(req, res) {
      if (!overLimit.has(req.socket)) return false;
      writeJsonError(
        res,
        503,
        HTTP_ERROR_CODES.transport,
        `Service Unavailable: too many open connections (maxConnections ${maxConnections})`,
        { "retry-after": "1", connection: "close" },
      );
      return true;
    },
  };
}

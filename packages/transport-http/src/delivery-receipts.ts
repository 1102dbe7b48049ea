import type { Socket } from "node:net";

/**
 * Evidence that an HTTP client read a whole response. HTTP/1.1 answers a connection's requests in
 * order, and a client sends its next request on a kept-alive connection once it has read the
 * previous response; so a request arriving on a connection after a response was written whole
 * means that response was received. A response written to the connection is not enough: a client
 * that stopped reading (or lost the connection) has not seen it, and may resume instead.
 */
const waiting = new WeakMap<Socket, (() => void)[]>();

/**
 * Calls `received` when the next request arrives on `socket` — never, if the connection closes
 * first (its callbacks go with it).
 */
export function afterNextRequest(socket: Socket, received: () => void): void {
  const callbacks = waiting.get(socket);
  if (callbacks) callbacks.push(received);
  else waiting.set(socket, [received]);
}

/** Tells what waits on `socket` that a request arrived on it. Call for every request. */
export function requestArrived(socket: Socket): void {
  const callbacks = waiting.get(socket);
  if (!callbacks) return;
  waiting.delete(socket);
  for (const received of callbacks) received();
}

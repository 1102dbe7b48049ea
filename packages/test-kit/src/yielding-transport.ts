import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";

/**
 * Wraps a client transport so that messages read together reach the SDK `Client` one macrotask
 * apart. The SDK's `Protocol` settles a request on its response synchronously but runs
 * notification handlers a microtask later; when a progress notification and the response arrive
 * in one read (stdio pipes coalesce writes), the progress handler is already gone and the
 * notification is dropped on the client side, although the server sent it in order. This keeps
 * the battery about the server and the wire, not that client quirk.
 *
 * @example
 * ```ts
 * await client.connect(yieldBetweenMessages(new StdioClientTransport({ command: "node", args: ["server.js"] })));
 * ```
 */
export function yieldBetweenMessages(inner: Transport): Transport {
  const queue: [JSONRPCMessage, MessageExtraInfo | undefined][] = [];
  let draining = false;
  const outer: Transport = {
    start: () => inner.start(),
    send: (message: JSONRPCMessage, options?: TransportSendOptions) => inner.send(message, options),
    close: () => inner.close(),
  };
  const drain = () => {
    const next = queue.shift();
    if (!next) {
      draining = false;
      return;
    }
    outer.onmessage?.(next[0], next[1]);
    setImmediate(drain);
  };
  inner.onmessage = (message, extra) => {
    if (draining) {
      queue.push([message, extra]);
      return;
    }
    draining = true;
    outer.onmessage?.(message, extra);
    setImmediate(drain);
  };
  inner.onerror = (error) => outer.onerror?.(error);
  inner.onclose = () => outer.onclose?.();
  return outer;
}

import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { MessagePortTransport } from "./message-port-transport.js";

describe("MessagePortTransport", () => {
  it("carries JSON-RPC messages both ways, refuses others, and closes the other end", async () => {
    const { port1, port2 } = new MessageChannel();
    const a = new MessagePortTransport(port1 as unknown as MessagePort);
    const b = new MessagePortTransport(port2 as unknown as MessagePort);
    const received: JSONRPCMessage[] = [];
    const errors: string[] = [];
    const closed = new Promise<void>((resolve) => {
      b.onclose = resolve;
    });
    b.onmessage = (message) => received.push(message);
    b.onerror = (error) => errors.push(error.message);
    await a.start();
    await b.start();
    await a.send({ jsonrpc: "2.0", id: 1, method: "ping" });
    port1.postMessage({ not: "json-rpc" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual([{ jsonrpc: "2.0", id: 1, method: "ping" }]);
    expect(errors).toHaveLength(1);
    await a.close();
    await closed;
    await expect(a.send({ jsonrpc: "2.0", method: "x" })).rejects.toThrow(/closed/);
  });
});

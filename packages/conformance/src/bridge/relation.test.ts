import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { RequestRelation } from "./relation.js";

const call = (id: number, progressToken?: string): JSONRPCMessage => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name: "t", ...(progressToken ? { _meta: { progressToken } } : {}) },
});
const log: JSONRPCMessage = {
  jsonrpc: "2.0",
  method: "notifications/message",
  params: { level: "info", data: "x" },
};
const progress = (token: string): JSONRPCMessage => ({
  jsonrpc: "2.0",
  method: "notifications/progress",
  params: { progressToken: token, progress: 1 },
});
const result = (id: number): JSONRPCMessage => ({ jsonrpc: "2.0", id, result: {} });

describe("RequestRelation", () => {
  it("relates log messages and server requests to the newest client request in flight", () => {
    const relation = new RequestRelation();
    expect(relation.fromServer(log)).toBeUndefined();
    relation.fromClient(call(1));
    relation.fromClient(call(2));
    expect(relation.fromServer(log)).toBe(2);
    const sampling: JSONRPCMessage = { jsonrpc: "2.0", id: 0, method: "sampling/createMessage", params: {} };
    expect(relation.fromServer(sampling)).toBe(2);
    expect(relation.fromServer(result(2))).toBeUndefined();
    expect(relation.fromServer(log)).toBe(1);
    expect(relation.fromServer(result(1))).toBeUndefined();
    expect(relation.pending).toBe(0);
    expect(relation.fromServer(log)).toBeUndefined();
  });

  it("relates progress to the request that carries the token, whatever else is in flight", () => {
    const relation = new RequestRelation();
    relation.fromClient(call(1, "p1"));
    relation.fromClient(call(2));
    expect(relation.fromServer(progress("p1"))).toBe(1);
    expect(relation.fromServer(progress("unknown"))).toBeUndefined();
  });

  it("leaves session-wide notifications, pings and cancelled requests unrelated", () => {
    const relation = new RequestRelation();
    relation.fromClient(call(1));
    const updated: JSONRPCMessage = {
      jsonrpc: "2.0",
      method: "notifications/resources/updated",
      params: { uri: "test://watched-resource" },
    };
    expect(relation.fromServer(updated)).toBeUndefined();
    relation.fromClient({ jsonrpc: "2.0", id: 2, method: "ping" });
    expect(relation.fromServer(log)).toBe(1);
    relation.fromClient({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 1 } });
    expect(relation.fromServer(log)).toBeUndefined();
    // A client's response to a server request is not a request of its own.
    relation.fromClient(result(0));
    expect(relation.pending).toBe(1);
  });
});

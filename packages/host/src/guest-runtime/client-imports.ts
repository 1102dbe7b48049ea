import type { ClientImports } from "@wasi-mcp/bindings";
import type { ClientOperation } from "./mcp-client-broker.js";

/** Sends one `wasi:mcp/client` operation to the host thread and blocks until it answers. */
export type BrokerCall = (operation: ClientOperation, args: unknown[]) => unknown;

/**
 * The `wasi:mcp/client` implementation inside a worker: every function is a blocking round trip
 * to the host thread, which owns the connections and reaches only the servers the policy names.
 */
export function createClientImports(call: BrokerCall): ClientImports {
  return {
    connect: (server) => call("connect", [server]) as number,
    initialize: (conn, clientInfo) => call("initialize", [conn, clientInfo]) as never,
    listTools: (conn) => call("list-tools", [conn]) as never,
    callTool: (conn, name, args) => call("call-tool", [conn, name, args]) as never,
    listResources: (conn) => call("list-resources", [conn]) as never,
    readResource: (conn, uri) => call("read-resource", [conn, uri]) as never,
    listPrompts: (conn) => call("list-prompts", [conn]) as never,
    getPrompt: (conn, name, args) => call("get-prompt", [conn, name, args]) as never,
    disconnect: (conn) => void call("disconnect", [conn]),
  };
}

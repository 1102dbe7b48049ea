// The comparison: the same tools written natively with the MCP SDK's high-level `McpServer`.
import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";

// zod is the SDK's peer dependency and McpServer wants zod schemas: use the copy the SDK resolves.
const sdkRequire = createRequire(import.meta.resolve("@modelcontextprotocol/sdk/server/mcp.js"));
const { z } = await import(pathToFileURL(sdkRequire.resolve("zod/v4")).href);

/**
 * A native SDK server with `echo {text}` (as hello.wasm's) and `sleep {ms}`, which waits without
 * blocking and stops when the request is cancelled — the best a native server can do.
 */
export function nativeServer() {
  const server = new McpServer({ name: "native", version: "0.0.0" });
  server.registerTool(
    "echo",
    { description: "Returns the text it is given.", inputSchema: { text: z.string() } },
    ({ text }) => ({ content: [{ type: "text", text }] }),
  );
  server.registerTool("sleep", { inputSchema: { ms: z.number() } }, async ({ ms }, extra) => {
    await sleep(ms, undefined, { signal: extra.signal }).catch(() => {});
    return { content: [{ type: "text", text: `slept ${ms} ms` }] };
  });
  return server;
}

/** The answer to a tools/call echo with no MCP layer at all: the limit of a wire. */
export function rawEchoAnswer(message) {
  return {
    jsonrpc: "2.0",
    id: message.id,
    result: { content: [{ type: "text", text: message.params?.arguments?.text ?? "" }] },
  };
}

/** What a raw server says to anything: an echo answer to requests, nothing to notifications. */
export function rawReply(message) {
  if (message.id === undefined) return undefined;
  if (message.method === "initialize") {
    return {
      jsonrpc: "2.0",
      id: message.id,
      result: {
        protocolVersion: message.params.protocolVersion,
        capabilities: { tools: {} },
        serverInfo: { name: "raw", version: "0" },
      },
    };
  }
  return rawEchoAnswer(message);
}

/**
 * The SDK ships no WebSocket server transport: the least an SDK server needs on a `ws` socket (no
 * validation, limits, keep-alive or close codes).
 */
export function minimalWsTransport(ws) {
  const transport = {
    start: async () => {},
    send: async (message) => ws.send(JSON.stringify(message)),
    close: async () => ws.close(),
  };
  ws.on("message", (data) => transport.onmessage?.(JSON.parse(data.toString())));
  ws.on("close", () => transport.onclose?.());
  return transport;
}

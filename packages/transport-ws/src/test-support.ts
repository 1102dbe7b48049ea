// Shared by this package's tests: a real SDK server with a few tools.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";

/** Counts of `wait` calls, shared by the servers of one test. */
export interface WaitStats {
  started: number;
  aborted: number;
}

/**
 * An SDK `Server` with tools: `echo {text}`; `whoami` (auth client id); `wait` (until aborted);
 * `flood {count, size}` (sends `count` log notifications of `size` characters, then answers).
 */
export function testServer(stats: WaitStats = { started: 0, aborted: 0 }): Server {
  const server = new Server({ name: "test", version: "1.0.0" }, { capabilities: { tools: {}, logging: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: ["echo", "whoami", "wait", "flood"].map((name) => ({
      name,
      inputSchema: { type: "object" as const },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const text = (value: string): CallToolResult => ({ content: [{ type: "text", text: value }] });
    const args = request.params.arguments ?? {};
    switch (request.params.name) {
      case "whoami":
        return text(extra.authInfo?.clientId ?? "anonymous");
      case "wait":
        stats.started++;
        await new Promise<void>((resolve) =>
          extra.signal.addEventListener("abort", () => {
            stats.aborted++;
            resolve();
          }),
        );
        return text("aborted");
      case "flood":
        for (let i = 0; i < Number(args.count); i++) {
          await extra.sendNotification({
            method: "notifications/message",
            params: { level: "info", data: "x".repeat(Number(args.size)) },
          });
        }
        return text("flooded");
      default:
        return text(String(args.text ?? ""));
    }
  });
  return server;
}

export const INIT = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
};

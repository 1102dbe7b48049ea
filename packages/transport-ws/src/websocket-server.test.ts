import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { WebSocketClientTransport as SdkWebSocketClientTransport } from "@modelcontextprotocol/sdk/client/websocket.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CLOSE_CODES } from "./errors.js";
import { INIT, testServer, type WaitStats } from "./test-support.js";
import { WebSocketClientTransport } from "./websocket-client-transport.js";
import {
  createWebSocketServer,
  type McpWebSocketServer,
  type WebSocketServerOptions,
} from "./websocket-server.js";

const servers: McpWebSocketServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Partial<WebSocketServerOptions> = {}): Promise<McpWebSocketServer> {
  const server = await createWebSocketServer({ createServer: () => testServer(), ...options });
  servers.push(server);
  return server;
}

/** A raw `ws` client offering `mcp`; resolves once open. */
function rawSocket(url: URL, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, ["mcp"], options);
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once("message", (data) => resolve(JSON.parse(data.toString()))));
}

/** Status of a refused upgrade. */
function refusal(url: URL, protocols: string[], headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once("open", () => reject(new Error("upgrade was accepted")));
    ws.once("error", () => undefined);
  });
}

describe("WebSocket server", () => {
  it("serves the SDK Client over our client transport and the SDK's own WebSocket transport", async () => {
    const server = await start();
    for (const transport of [
      new WebSocketClientTransport(server.url),
      new SdkWebSocketClientTransport(server.url),
    ]) {
      const client = new Client({ name: "ws", version: "0" });
      await client.connect(transport);
      expect((await client.callTool({ name: "echo", arguments: { text: "héllo" } })).content).toEqual([
        { type: "text", text: "héllo" },
      ]);
      await client.close();
    }
    await expect.poll(() => server.connectionCount).toBe(0);
  });

  it("closes a connection whose frame exceeds maxPayload with 1009, and keeps serving others", async () => {
    const server = await start({ maxPayload: 1024 });
    const ws = await rawSocket(server.url);
    const done = closed(ws);
    ws.send(
      JSON.stringify({
        ...INIT,
        params: { ...INIT.params, clientInfo: { name: "x".repeat(4096), version: "0" } },
      }),
    );
    expect((await done).code).toBe(CLOSE_CODES.messageTooBig);
    const client = new Client({ name: "after", version: "0" });
    await client.connect(new WebSocketClientTransport(server.url));
    await client.ping();
    await client.close();
  });

  it("closes on a binary frame with 1003; answers invalid JSON with -32700 and stays open", async () => {
    const server = await start();
    const ws = await rawSocket(server.url);
    ws.send("{not json");
    expect(await nextMessage(ws)).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32700, message: "Parse error" },
    });
    ws.send(JSON.stringify({ jsonrpc: "2.0", id: 3, method: 42 }));
    expect(await nextMessage(ws)).toMatchObject({ id: 3, error: { code: -32600 } });
    ws.send(JSON.stringify(INIT));
    expect(await nextMessage(ws)).toMatchObject({ id: 0, result: { serverInfo: { name: "test" } } });
    const done = closed(ws);
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await done).code).toBe(CLOSE_CODES.unsupportedData);
  });

  it("refuses upgrades without the mcp subprotocol (400), from a rebound Host or foreign Origin (403)", async () => {
    const server = await start();
    expect(await refusal(server.url, ["chat"])).toBe(400);
    expect(await refusal(server.url, ["mcp"], { host: "evil.example.com" })).toBe(403);
    expect(await refusal(server.url, ["mcp"], { origin: "http://evil.example.com" })).toBe(403);
    expect(await refusal(new URL("/elsewhere", server.url), ["mcp"])).toBe(404);
    const ws = await rawSocket(server.url, { headers: { origin: "http://localhost:8080" } });
    expect(ws.protocol).toBe("mcp");
    ws.close();
  });

  it("checks bearer credentials at the upgrade and hands them to handlers", async () => {
    const server = await start({
      authenticate: ({ token }) =>
        token === "alpha" ? { token, clientId: "client-a", scopes: [] } : undefined,
    });
    expect(await refusal(server.url, ["mcp"])).toBe(401);
    await expect(
      new Client({ name: "x", version: "0" }).connect(new WebSocketClientTransport(server.url)),
    ).rejects.toThrow(/HTTP 401/);
    const client = new Client({ name: "auth", version: "0" });
    await client.connect(
      new WebSocketClientTransport(server.url, { headers: { authorization: "Bearer alpha" } }),
    );
    expect((await client.callTool({ name: "whoami", arguments: {} })).content).toEqual([
      { type: "text", text: "client-a" },
    ]);
    await client.close();
  });

  it("closes a connection with 4401 when the token it was authorized with expires", async () => {
    // exp is in whole seconds: a token that lapses one to two seconds from now.
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const server = await start({
      authenticate: ({ token }) =>
        token === "short" ? { token, clientId: "c", scopes: [], expiresAt } : undefined,
    });
    const headers = { authorization: "Bearer short" };
    const client = new Client({ name: "expiring", version: "0" });
    const clientGone = new Promise<void>((resolve) => {
      client.onclose = () => resolve();
    });
    await client.connect(new WebSocketClientTransport(server.url, { headers }));
    expect((await client.callTool({ name: "whoami", arguments: {} })).content).toEqual([
      { type: "text", text: "c" },
    ]);
    const raw = await rawSocket(server.url, { headers });
    const rawClosed = closed(raw);
    expect((await rawClosed).code).toBe(CLOSE_CODES.tokenExpired);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt * 1000);
    await clientGone;
    await expect(client.callTool({ name: "whoami", arguments: {} })).rejects.toThrow();
  });

  it("holds maxConnections when many upgrades are authenticated at once", async () => {
    const server = await start({
      maxConnections: 2,
      // Every upgrade is in flight at once, past the check and before its connection starts.
      authenticate: async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return { token: "t", clientId: "c", scopes: [] };
      },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        rawSocket(server.url, { headers: { authorization: "Bearer t" } }).then(
          (ws) => ({ ws, status: 101 }),
          (error: Error) => ({
            ws: undefined,
            status: Number(/Unexpected server response: (\d+)/.exec(error.message)?.[1]),
          }),
        ),
      ),
    );
    try {
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([101, 101, 503, 503, 503, 503]);
      expect(server.connectionCount).toBe(2);
    } finally {
      for (const { ws } of outcomes) ws?.close();
    }
  });

  it("a disconnect aborts the connection's in-flight handlers", async () => {
    const stats: WaitStats = { started: 0, aborted: 0 };
    const server = await start({ createServer: () => testServer(stats) });
    const client = new Client({ name: "leaving", version: "0" });
    await client.connect(new WebSocketClientTransport(server.url));
    const pending = client.callTool({ name: "wait", arguments: {} }).catch((error: unknown) => error);
    await expect.poll(() => stats.started).toBe(1);
    await client.close();
    await pending;
    await expect.poll(() => stats.aborted).toBe(1);
  });

  it("drops a client that stops reading once its send buffer passes maxBufferedBytes (1008)", async () => {
    const server = await start({ maxBufferedBytes: 256 * 1024 });
    const ws = await rawSocket(server.url);
    ws.send(JSON.stringify(INIT));
    await nextMessage(ws);
    const done = closed(ws);
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    ws.send(
      JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "flood", arguments: { count: 400, size: 64 * 1024 } },
      }),
    );
    setTimeout(() => (ws as unknown as { _socket: { resume(): void } })._socket.resume(), 500);
    expect((await done).code).toBe(CLOSE_CODES.policyViolation);
  });

  it("keeps a client that reads through a burst larger than maxBufferedBytes sent at once", async () => {
    const server = await start();
    const client = new Client({ name: "reader", version: "0" });
    let notifications = 0;
    client.setNotificationHandler(LoggingMessageNotificationSchema, () => {
      notifications++;
    });
    await client.connect(new WebSocketClientTransport(server.url));
    // 96 × 128 KiB = 12 MiB in one turn: more than the 4 MiB default waits in the send buffer
    // before a reader that keeps up takes it, less than the 16 MiB a burst may reach.
    const result = await client.callTool({ name: "flood", arguments: { count: 96, size: 128 * 1024 } });
    expect(result.content).toEqual([{ type: "text", text: "flooded" }]);
    expect(notifications).toBe(96);
    await client.close();
  });

  it("terminates a client that does not answer pings", async () => {
    const server = await start({ pingIntervalMs: 50 });
    const silent = await rawSocket(server.url, { autoPong: false });
    const done = closed(silent);
    const answering = await rawSocket(server.url);
    expect((await done).code).toBe(1006);
    expect(answering.readyState).toBe(WebSocket.OPEN);
    answering.close();
  });

  it("closes every connection with 1001 when the server shuts down", async () => {
    const server = await createWebSocketServer({ createServer: () => testServer() });
    const ws = await rawSocket(server.url);
    const done = closed(ws);
    await server.close();
    expect((await done).code).toBe(CLOSE_CODES.goingAway);
  });
});

describe("health and drain (ADR 0011 §6)", () => {
  it("answers /healthz, /readyz, and drains: not ready, no new upgrade, open connections closed with 1001", async () => {
    const server = await createWebSocketServer({ createServer: () => testServer() });
    const base = new URL(server.url.href.replace("ws://", "http://"));
    expect((await fetch(new URL("/healthz", base))).status).toBe(200);
    expect((await fetch(new URL("/readyz", base))).status).toBe(200);
    const transport = new WebSocketClientTransport(server.url);
    const client = new Client({ name: "drain", version: "1.0.0" });
    await client.connect(transport);
    const closed = new Promise<void>((resolve) => {
      client.onclose = () => resolve();
    });
    expect(await server.drain(100)).toBe(false);
    await closed;
    await expect(fetch(new URL("/readyz", base))).rejects.toThrow();
  });
});

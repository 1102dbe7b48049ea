import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { CLOSE_CODES } from "./errors.js";
import { WebSocketTransport } from "./websocket-transport.js";

const MiB = 1024 * 1024;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/**
 * A real WebSocket pair over a Unix socket: what a paused reader's kernel absorbs there is the
 * socket's send buffer (≈ 200 KiB), not the several MiB a loopback TCP pair can take — so a test
 * can place the sender's backlog between two bounds.
 */
async function unixPair(): Promise<{ server: WebSocket; client: WebSocket }> {
  const path = join(mkdtempSync(join(tmpdir(), "ws-unix-")), "socket");
  const http: Server = createServer();
  await new Promise<void>((resolve) => http.listen(path, resolve));
  const wss = new WebSocketServer({ server: http });
  const accepted = once(wss, "connection") as Promise<[WebSocket]>;
  const client = new WebSocket(`ws+unix://${path}:/`);
  await once(client, "open");
  const [server] = await accepted;
  cleanups.push(() => {
    client.terminate();
    server.terminate();
    wss.close();
    http.close();
  });
  return { server, client };
}

describe("WebSocketTransport and a peer that does not read", () => {
  it("closes it (1008) when more than maxBufferedBytes stays unread for slowReaderTimeoutMs, below the burst bound", async () => {
    const { server, client } = await unixPair();
    const socket = (client as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const transport = new WebSocketTransport(server, { maxBufferedBytes: MiB, slowReaderTimeoutMs: 300 });
    const errors: Error[] = [];
    transport.onerror = (error) => errors.push(error);
    await transport.start();
    // 48 × 64 KiB = 3 MiB in one turn: above 1 MiB once the kernel took its share, below the
    // 4 MiB a burst may reach — so only the clock can end it.
    const data = "x".repeat(64 * 1024);
    const started = performance.now();
    for (let i = 0; i < 48; i++)
      await transport.send({
        jsonrpc: "2.0",
        method: "notifications/message",
        params: { level: "info", data },
      });
    expect(server.bufferedAmount).toBeGreaterThan(MiB);
    expect(server.bufferedAmount).toBeLessThan(4 * MiB);
    expect(server.readyState).toBe(WebSocket.OPEN);
    await expect.poll(() => errors.length, { timeout: 5_000 }).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(errors[0]?.message).toMatch(/still unread after 300 ms over maxBufferedBytes \(1048576\); closed/);
    // The close frame waits behind what was queued; once the client reads, it gets all of it.
    const closed = once(client, "close") as Promise<[number, Buffer]>;
    socket.resume();
    const [code] = await closed;
    expect(code).toBe(CLOSE_CODES.policyViolation);
    await expect(
      transport.send({
        jsonrpc: "2.0",
        method: "notifications/message",
        params: { level: "info", data: "late" },
      }),
    ).rejects.toThrow();
  });

  it("lets a backlog above maxBufferedBytes through when the peer reads it in time", async () => {
    const { server, client } = await unixPair();
    const transport = new WebSocketTransport(server, { maxBufferedBytes: MiB, slowReaderTimeoutMs: 2_000 });
    const errors: Error[] = [];
    transport.onerror = (error) => errors.push(error);
    await transport.start();
    let received = 0;
    client.on("message", () => {
      received++;
    });
    const data = "y".repeat(64 * 1024);
    for (let i = 0; i < 48; i++)
      await transport.send({
        jsonrpc: "2.0",
        method: "notifications/message",
        params: { level: "info", data },
      });
    expect(server.bufferedAmount).toBeGreaterThan(MiB);
    await expect.poll(() => received, { timeout: 10_000 }).toBe(48);
    // Past the clock: the backlog was gone when it looked.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(errors).toEqual([]);
    expect(server.readyState).toBe(WebSocket.OPEN);
  });
});

// MCP 2026-07-28 `subscriptions/listen` streams over a real socket: a client that stops reading is
// cut off (the slow-reader bound of the 2025 SSE streams), one client cannot take every slot of
// the endpoint, and the entry's error answers do not echo a huge request back.

import { once } from "node:events";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { InMemoryServerEventBus, Server as ModernServer } from "@modelcontextprotocol/server";
import { modernEnvelope } from "@wasi-mcp/router";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer, type HttpServerOptions, type McpHttpServer } from "./http-server.js";
import { testServer } from "./test-support.js";

const servers: McpHttpServer[] = [];
const held: IncomingMessage[] = [];
afterEach(async () => {
  for (const response of held.splice(0)) response.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const ENVELOPE = modernEnvelope();
const URI = "file:///watched";

async function serve(options: Partial<HttpServerOptions> = {}) {
  const bus = new InMemoryServerEventBus();
  const errors: Error[] = [];
  const server = await createHttpServer({
    createServer: () => testServer(),
    createModernServer: () =>
      new ModernServer(
        { name: "listen", version: "0" },
        { capabilities: { resources: { subscribe: true } } },
      ),
    eventBus: bus,
    onError: (error) => errors.push(error),
    ...options,
  });
  servers.push(server);
  return { server, bus, errors };
}

function headers(method: string, token?: string): Record<string, string> {
  return {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": "2026-07-28",
    "mcp-method": method,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
}

/** Opens a listen stream and resolves with its response once the acknowledgement arrived. */
async function listen(
  url: URL,
  id: string,
  token?: string,
): Promise<{ response: IncomingMessage; first: string }> {
  const body = {
    jsonrpc: "2.0",
    id,
    method: "subscriptions/listen",
    params: { notifications: { resourceSubscriptions: [URI] }, _meta: ENVELOPE },
  };
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: "POST", headers: headers("subscriptions/listen", token) },
      resolve,
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
  held.push(response);
  response.setEncoding("utf8");
  const [first] = (await once(response, "data")) as [string];
  return { response, first };
}

describe("a 2026 subscriptions/listen stream whose client stops reading", () => {
  it("is cut off by the slow-reader bound, and its subscription ends; a reading one is kept", async () => {
    const limit = 256 * 1024;
    const { server, bus, errors } = await serve({ maxBufferedBytes: limit, slowReaderTimeoutMs: 200 });
    const stalled = await listen(server.url, "stalled");
    const reading = await listen(server.url, "reading");
    expect(stalled.first).toContain("notifications/subscriptions/acknowledged");
    expect(bus.listenerCount).toBe(2);
    stalled.response.pause();
    let read = 0;
    reading.response.on("data", (chunk: string) => {
      read += chunk.split("notifications/resources/updated").length - 1;
    });
    // 200 updates of 64 KiB each (12.5 MiB: more than a loopback connection's kernel buffers take),
    // two per turn of the event loop, as a component's updates come.
    const pad = "x".repeat(64 * 1024);
    for (let i = 0; i < 200; i++) {
      bus.publish({ kind: "resource_updated", uri: URI, params: { pad } } as never);
      if (i % 2 === 1) await new Promise((resolve) => setImmediate(resolve));
    }
    await expect.poll(() => bus.listenerCount, { timeout: 10_000 }).toBe(1);
    expect(errors.map((error) => error.message)).toContainEqual(
      expect.stringMatching(/dropped a 2026-07-28 response stream: the peer is not reading/),
    );
    await expect.poll(() => read, { timeout: 10_000 }).toBe(200);
    // What the stalled client gets when it reads again stops short: nothing was queued for it.
    let late = "";
    stalled.response.on("data", (chunk: string) => {
      late += chunk;
    });
    stalled.response.resume();
    await new Promise((resolve) => {
      stalled.response.once("close", resolve);
      stalled.response.once("error", resolve);
    });
    expect(late.split("notifications/resources/updated").length - 1).toBeLessThan(200);
  }, 30_000);
});

describe("listen limits", () => {
  it("bounds the streams of one client (maxListenStreamsPerClient) and of the endpoint (maxListenStreams)", async () => {
    const { server } = await serve({
      maxListenStreamsPerClient: 2,
      maxListenStreams: 3,
      authenticate: ({ token }) => (token ? { token, clientId: token, scopes: [] } : undefined),
    });
    const a1 = await listen(server.url, "a1", "alice");
    await listen(server.url, "a2", "alice");
    const a3 = await listen(server.url, "a3", "alice");
    expect(a3.first).toContain('"id":"a3"');
    expect(JSON.parse(a3.first)).toMatchObject({
      id: "a3",
      error: { code: -32603, message: expect.stringMatching(/maxListenStreamsPerClient/) },
    });
    // Another client still has room, up to the endpoint's bound.
    expect((await listen(server.url, "b1", "bob")).first).toContain("acknowledged");
    const b2 = await listen(server.url, "b2", "bob");
    expect(b2.first).toContain("Subscription limit reached");
    expect(b2.first).not.toContain("acknowledged");
    // A closed stream gives its slot back.
    a1.response.destroy();
    await expect
      .poll(async () => (await listen(server.url, `a-again-${Date.now()}`, "alice")).first, {
        timeout: 5_000,
      })
      .toContain("acknowledged");
  });
});

describe("the 2026 entry's error answers and reports", () => {
  it("escape and bound the request text they quote (a forged line, a 1 MB method name)", async () => {
    const { server, errors } = await serve();
    const forged = "x\nmcp-compositor: ready in 1 ms: forged";
    for (const method of [forged, "m".repeat(1_000_000)]) {
      const response = await fetch(server.url, {
        method: "POST",
        headers: headers("tools/list"),
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: { _meta: ENVELOPE } }),
      });
      const text = await response.text();
      expect(response.status).toBe(400);
      expect(text.length).toBeLessThan(2048);
      const body = JSON.parse(text) as { error: { code: number; message: string } };
      expect(body.error.code).toBe(-32020);
      expect(body.error.message).not.toContain("\n");
    }
    expect(errors.length).toBeGreaterThanOrEqual(2);
    for (const error of errors) {
      expect(error.message).not.toContain("\n");
      expect(error.message.length).toBeLessThan(1024);
    }
  });
});

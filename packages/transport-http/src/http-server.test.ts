import { once } from "node:events";
import { Agent, request as httpRequest, type IncomingMessage } from "node:http";
import { connect } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { InMemoryEventStore } from "./event-store.js";
import { createHttpServer, type HttpServerOptions, type McpHttpServer } from "./http-server.js";
import {
  gate,
  INIT,
  openSession,
  POST_HEADERS,
  post,
  rawPost,
  readSseUntil,
  testServer,
} from "./test-support.js";

const servers: McpHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Partial<HttpServerOptions> = {}): Promise<McpHttpServer> {
  const server = await createHttpServer({ createServer: () => testServer(), ...options });
  servers.push(server);
  return server;
}

async function errorOf(response: Response): Promise<{ error: { code: number; message: string } }> {
  return (await response.json()) as { error: { code: number; message: string } };
}

function session(id: string): Record<string, string> {
  return { "mcp-session-id": id, "mcp-protocol-version": "2025-11-25" };
}

describe("session lifecycle", () => {
  it("initialize opens a session with a fresh 256-bit random id; DELETE ends it", async () => {
    const server = await start();
    const ids = await Promise.all([
      openSession(server.url),
      openSession(server.url),
      openSession(server.url),
    ]);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(ids).size).toBe(3);
    expect(server.handler.sessionCount).toBe(3);
    const first = ids[0] as string;
    const call = {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "echo", arguments: { text: "hi" } },
    };
    expect((await post(server.url, call, session(first))).status).toBe(200);
    const deleted = await fetch(server.url, { method: "DELETE", headers: session(first) });
    expect(deleted.status).toBe(200);
    expect(server.handler.sessionCount).toBe(2);
    const after = await post(server.url, call, session(first));
    expect(after.status).toBe(404);
    expect(await after.json()).toMatchObject({ error: { code: -32001, message: "Session not found" } });
  });

  it("refuses requests without a session (400), with an unknown one (404), and a second initialize (400)", async () => {
    const server = await start();
    const ping = { jsonrpc: "2.0", id: 1, method: "ping" };
    expect((await post(server.url, ping)).status).toBe(400);
    expect((await post(server.url, ping, session("nope"))).status).toBe(404);
    const id = await openSession(server.url);
    expect((await post(server.url, INIT, session(id))).status).toBe(400);
  });

  it("refuses an unsupported MCP-Protocol-Version with 400 and accepts a missing one", async () => {
    const server = await start();
    const id = await openSession(server.url);
    const ping = { jsonrpc: "2.0", id: 1, method: "ping" };
    const bad = await post(server.url, ping, { ...session(id), "mcp-protocol-version": "1999-01-01" });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).error.message).toMatch(/Unsupported protocol version 1999-01-01/);
    expect((await post(server.url, ping, { "mcp-session-id": id })).status).toBe(200);
  });

  it("closes sessions left idle (clients that never DELETE), aborting nothing still in use", async () => {
    const server = await start({ sessionIdleTimeoutMs: 1_000 });
    const client = new Client({ name: "idle", version: "0" });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    await client.close(); // no DELETE: the session stays until it is reaped
    const raw = await openSession(server.url);
    expect(server.handler.sessionCount).toBe(2);
    await expect.poll(() => server.handler.sessionCount, { timeout: 10_000 }).toBe(0);
    expect((await post(server.url, { jsonrpc: "2.0", id: 1, method: "ping" }, session(raw))).status).toBe(
      404,
    );
  });

  it("reaps a session whose client left during a long call; a client holding a stream keeps its session", async () => {
    const never = gate();
    const server = await createHttpServer({
      createServer: () => testServer({ slow: never }),
      sessionIdleTimeoutMs: 1_000,
    });
    servers.push(server);
    const [left, watching] = await Promise.all([openSession(server.url), openSession(server.url)]);
    const call = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "slow", arguments: {} } };
    await readSseUntil(await post(server.url, call, session(left)), (events) => events.length >= 2);
    const stream = await fetch(server.url, {
      headers: { ...session(watching), accept: "text/event-stream" },
    });
    await expect.poll(() => server.handler.sessionCount, { timeout: 10_000 }).toBe(1);
    expect((await post(server.url, { jsonrpc: "2.0", id: 2, method: "ping" }, session(left))).status).toBe(
      404,
    );
    expect(
      (await post(server.url, { jsonrpc: "2.0", id: 2, method: "ping" }, session(watching))).status,
    ).toBe(200);
    await stream.body?.cancel();
  });

  it("answers only notifications with 202 and no body", async () => {
    const server = await start();
    const id = await openSession(server.url);
    const response = await post(
      server.url,
      { jsonrpc: "2.0", method: "notifications/roots/list_changed" },
      session(id),
    );
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
  });
});

describe("limits", () => {
  it("holds maxSessions when many initializes arrive at once, while sessions are still opening", async () => {
    const server = await start({
      maxSessions: 3,
      // Opening a session takes a while (a component loading, say): every initialize is in flight
      // at once, past the check and before its session is registered.
      createServer: async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return testServer();
      },
    });
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(server.url, INIT)));
    await Promise.all(responses.map((response) => response.text()));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 200, 503, 503, 503, 503, 503, 503, 503]);
    expect(server.handler.sessionCount).toBe(3);
  });
});

describe("a client that stops reading its SSE stream", () => {
  it("is dropped once more than maxBufferedBytes wait for it; the server keeps serving others", async () => {
    const flooded = gate();
    const limit = 256 * 1024;
    const server = await createHttpServer({
      createServer: () => testServer({ flooded }),
      maxBufferedBytes: limit,
    });
    servers.push(server);
    const id = await openSession(server.url);
    // 80 notifications of 128 KiB (10 MiB: more than the kernel buffers of a loopback connection
    // take, about 4 MiB) on the call's stream, for a client that reads nothing.
    const call = {
      jsonrpc: "2.0",
      id: 7,
      method: "tools/call",
      params: { name: "flood", arguments: { count: 80, bytes: 128 * 1024 } },
    };
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(
        server.url,
        { method: "POST", headers: { ...POST_HEADERS, ...session(id) } },
        resolve,
      );
      req.on("error", reject);
      req.end(JSON.stringify(call));
    });
    response.pause();
    await flooded.wait;
    // Meanwhile another session is served as usual.
    const other = await openSession(server.url);
    const echo = await post(
      server.url,
      { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: { text: "hi" } } },
      session(other),
    );
    expect(await echo.text()).toContain('"text":"hi"');
    // Reading again: the stream stops short — the server dropped it instead of queueing 10 MiB.
    let received = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => {
      received += chunk;
    });
    response.resume();
    await new Promise((resolve) => {
      response.once("close", resolve);
      response.once("error", resolve);
    });
    const notifications = received.split('"method":"notifications/message"').length - 1;
    expect(notifications).toBeGreaterThan(0);
    expect(notifications).toBeLessThan(80);
    expect(received).not.toContain('"id":7');
  });
});

describe("a client that reads its SSE stream", () => {
  it("gets a burst larger than maxBufferedBytes whole (sent in one turn of the event loop)", async () => {
    const server = await createHttpServer({ createServer: () => testServer() });
    servers.push(server);
    const id = await openSession(server.url);
    // 80 × 128 KiB = 10 MiB written at once: more than the 4 MiB default queues in the socket
    // before a reader that keeps up can take it, less than the 16 MiB a burst may reach.
    const response = await post(
      server.url,
      {
        jsonrpc: "2.0",
        id: 8,
        method: "tools/call",
        params: { name: "flood", arguments: { count: 80, bytes: 128 * 1024, burst: true } },
      },
      session(id),
    );
    const received = await response.text();
    expect(received.split('"method":"notifications/message"').length - 1).toBe(80);
    expect(received).toContain('"text":"flooded 80"');
  });
});

describe("open connections (maxConnections)", () => {
  it("answers 503 on a connection over the limit, with or without a session, and serves again once one closes", async () => {
    const server = await createHttpServer({ createServer: () => testServer(), maxConnections: 2 });
    servers.push(server);
    // The two held connections must outlive Node's 5 s keep-alive on a slow machine.
    server.httpServer.keepAliveTimeout = 60_000;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const held = [new Agent({ keepAlive: true }), new Agent({ keepAlive: true })];
    // Two kept-alive connections hold the two places.
    for (const holder of held) expect((await rawPost(server.url, INIT, {}, holder)).status).toBe(200);
    await expect.poll(() => server.connectionCount).toBe(2);
    const refused = await rawPost(server.url, INIT, {}, agent);
    expect(refused.status).toBe(503);
    expect(refused.headers["retry-after"]).toBe("1");
    expect(JSON.parse(refused.body)).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32000, message: "Service Unavailable: too many open connections (maxConnections 2)" },
    });
    // A socket over the limit that sends nothing is closed within a second.
    const idle = connect(Number(server.url.port), "127.0.0.1");
    await once(idle, "connect");
    await once(idle, "close");
    for (const holder of held) holder.destroy();
    await expect.poll(() => server.connectionCount).toBe(0);
    expect((await rawPost(server.url, INIT, {}, agent)).status).toBe(200);
    agent.destroy();
  });
});

describe("errors answer the request they refuse", () => {
  it("a second initialize on a session gets its error under its own id", async () => {
    const server = await start();
    const id = await openSession(server.url);
    const again = await post(server.url, { ...INIT, id: "again" }, session(id));
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      jsonrpc: "2.0",
      id: "again",
      error: { code: -32600, message: "Invalid Request: session already initialized" },
    });
  });
});

describe("bodies that are not UTF-8", () => {
  it("are refused with 400 and a parse error, not decoded with replacement characters", async () => {
    const server = await start();
    const id = await openSession(server.url);
    const body = Buffer.concat([
      Buffer.from('{"jsonrpc":"2.0","id":"a'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('","method":"ping"}'),
    ]);
    const response = await fetch(server.url, {
      method: "POST",
      headers: { ...POST_HEADERS, ...session(id) },
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32700, message: "Parse error: the body is not valid UTF-8" },
    });
  });
});

describe("slow clients", () => {
  /** Opens a raw TCP connection to the server, sends `head`, then `body` one byte per `everyMs`. */
  function dribble(url: URL, head: string, body: string, everyMs: number) {
    const socket = connect(Number(url.port), url.hostname);
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString();
    });
    const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(performance.now())));
    socket.on("error", () => {});
    socket.write(head);
    let at = 0;
    const timer = setInterval(() => {
      if (at < body.length && !socket.destroyed) socket.write(body[at++] as string);
    }, everyMs);
    return {
      closed: closed.finally(() => clearInterval(timer)),
      received: () => received,
      destroy: () => socket.destroy(),
    };
  }

  it("cuts off a body sent byte by byte after requestTimeoutMs with 408", async () => {
    const server = await start({ requestTimeoutMs: 1_000, headersTimeoutMs: 500 });
    const body = JSON.stringify(INIT);
    const head = `POST ${server.url.pathname} HTTP/1.1\r\nHost: ${server.url.host}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: ${body.length}\r\n\r\n`;
    const started = performance.now();
    const client = dribble(server.url, head, body, 100);
    try {
      const closedAt = await client.closed;
      expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
      // Not before the limit; the 30 s default or a hang would fail the test's own timeout.
      expect(closedAt - started).toBeGreaterThanOrEqual(900);
      expect(server.handler.sessionCount).toBe(0);
    } finally {
      client.destroy();
    }
  });

  it("cuts off a client that never finishes its headers after headersTimeoutMs", async () => {
    const server = await start({ headersTimeoutMs: 500 });
    const client = dribble(
      server.url,
      `POST ${server.url.pathname} HTTP/1.1\r\nHost: ${server.url.host}\r\n`,
      "",
      100,
    );
    try {
      await client.closed;
      expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      client.destroy();
    }
  });

  it("refuses a request timeout that is not a positive integer", async () => {
    await expect(start({ requestTimeoutMs: 0 })).rejects.toThrow(
      /requestTimeoutMs must be a positive integer/,
    );
  });
});

describe("SSE streams and resumption", () => {
  it("a POST with a request is answered on an SSE stream that starts with a priming event", async () => {
    const server = await start({ retryMs: 250 });
    const id = await openSession(server.url);
    const call = {
      jsonrpc: "2.0",
      id: 7,
      method: "tools/call",
      params: { name: "echo", arguments: { text: "x" } },
    };
    const response = await post(server.url, call, session(id));
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("mcp-session-id")).toBe(id);
    const events = await readSseUntil(response, () => false);
    expect(events[0]).toEqual({ id: expect.any(String), data: "", retry: 250 });
    expect(JSON.parse(events[1]?.data ?? "")).toEqual({
      jsonrpc: "2.0",
      id: 7,
      result: { content: [{ type: "text", text: "x" }] },
    });
  });

  it("priming follows the version the client asked for at initialize, not a later request's header", async () => {
    const server = await start({ retryMs: 250 });
    const call = { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "echo", arguments: {} } };
    // A 2025-11-25 client whose request says 2025-03-26 (the conformance suite's server-sse-polling
    // does this) still parses priming events: it gets one.
    const current = await openSession(server.url);
    const mixed = await post(server.url, call, { ...session(current), "mcp-protocol-version": "2025-03-26" });
    const primed = await readSseUntil(mixed, () => false);
    expect(primed[0]).toEqual({ id: expect.any(String), data: "", retry: 250 });
    expect(JSON.parse(primed[1]?.data ?? "")).toMatchObject({ id: 3, result: {} });
    // A client that initialized with 2025-03-26 would choke on empty data: none, whatever its header says.
    const old = { ...INIT, params: { ...INIT.params, protocolVersion: "2025-03-26" } };
    const opened = await post(server.url, old);
    await opened.text();
    const oldId = opened.headers.get("mcp-session-id") ?? "";
    const plain = await post(server.url, call, session(oldId));
    const events = await readSseUntil(plain, () => false);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]?.data ?? "")).toMatchObject({ id: 3, result: {} });
  });

  it("a client whose SSE stream dropped resumes with Last-Event-ID and gets what it missed", async () => {
    const slow = gate();
    const server = await createHttpServer({ createServer: () => testServer({ slow }) });
    servers.push(server);
    const id = await openSession(server.url);
    const call = { jsonrpc: "2.0", id: 9, method: "tools/call", params: { name: "slow", arguments: {} } };
    const first = await readSseUntil(
      await post(server.url, call, session(id)),
      (events) => events.length >= 2,
    );
    const lastSeen = first[1]?.id;
    expect(JSON.parse(first[1]?.data ?? "")).toMatchObject({
      method: "notifications/message",
      params: { data: "started" },
    });
    // The read was cancelled: the connection is gone while the call is still running.
    slow.open();
    const resumed = await fetch(server.url, {
      headers: { ...session(id), accept: "text/event-stream", "last-event-id": lastSeen ?? "" },
    });
    expect(resumed.status).toBe(200);
    const replay = await readSseUntil(resumed, () => false);
    expect(replay.map((event) => JSON.parse(event.data))).toEqual([
      { jsonrpc: "2.0", id: 9, result: { content: [{ type: "text", text: "slow done" }] } },
    ]);
  });

  it("forgets a POST stream once its client read it whole (its next request came)", async () => {
    const eventStore = new InMemoryEventStore();
    const server = await createHttpServer({ createServer: () => testServer(), eventStore });
    servers.push(server);
    const id = await openSession(server.url);
    // One kept-alive connection: a client sends its next request on it once it read the last answer.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const held = { events: eventStore.size, bytes: eventStore.heldBytes }; // initialize's stream
    const echo = {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "echo", arguments: { text: "hi" } },
    };
    const answered = await rawPost(server.url, echo, session(id), agent);
    expect(answered.body).toContain('"text":"hi"');
    expect(eventStore.size).toBe(held.events + 2); // written, not yet known to be read: priming, answer
    const note = { jsonrpc: "2.0", method: "notifications/roots/list_changed" };
    expect((await rawPost(server.url, note, session(id), agent)).status).toBe(202);
    expect({ events: eventStore.size, bytes: eventStore.heldBytes }).toEqual(held);
    agent.destroy();
    // A stream whose client stopped reading before its answer is kept: see the resumption test above.
  });

  it("the SDK client completes a call whose stream the server closed mid-call (polling)", async () => {
    const server = await start({ retryMs: 20 });
    const client = new Client({ name: "poll", version: "0" });
    const logs: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.push(n.params.data);
    });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    const result = await client.callTool({ name: "drop", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: "dropped and resumed" }]);
    expect(logs).toEqual(["before drop", "after drop"]);
    await client.close();
  });

  it("refuses a Last-Event-ID of another session or unknown, and a second GET stream (409)", async () => {
    const server = await start();
    const [a, b] = await Promise.all([openSession(server.url), openSession(server.url)]);
    const call = {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "echo", arguments: { text: "a" } },
    };
    const events = await readSseUntil(await post(server.url, call, session(a)), () => false);
    const foreign = await fetch(server.url, {
      headers: { ...session(b), accept: "text/event-stream", "last-event-id": events[0]?.id ?? "" },
    });
    expect(foreign.status).toBe(400);
    const unknown = await fetch(server.url, {
      headers: { ...session(a), accept: "text/event-stream", "last-event-id": "nonsense" },
    });
    expect(unknown.status).toBe(400);
    const get = await fetch(server.url, { headers: { ...session(a), accept: "text/event-stream" } });
    expect(get.status).toBe(200);
    const second = await fetch(server.url, { headers: { ...session(a), accept: "text/event-stream" } });
    expect(second.status).toBe(409);
    await get.body?.cancel();
  });

  it("writes keep-alive comments on quiet streams", async () => {
    const server = await start({ keepAliveMs: 50 });
    const id = await openSession(server.url);
    const get = await fetch(server.url, { headers: { ...session(id), accept: "text/event-stream" } });
    const reader = get.body!.getReader();
    let text = "";
    while (!text.includes(": keepalive")) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
  });
});

describe("request checks", () => {
  it("refuses a DNS-rebinding Host or a foreign Origin with 403, then serves a valid request", async () => {
    const server = await start();
    // What the conformance suite sends: a rebound name in Host and Origin.
    const host = await rawPost(server.url, INIT, {
      host: "evil.example.com",
      origin: "http://evil.example.com",
    });
    expect(host.status).toBe(403);
    expect(JSON.parse(host.body).error.message).toMatch(/Host evil.example.com is not allowed/);
    expect((await rawPost(server.url, INIT, { host: `evil.example.com:${server.url.port}` })).status).toBe(
      403,
    );
    const origin = await post(server.url, INIT, { origin: "http://evil.example.com" });
    expect(origin.status).toBe(403);
    expect((await post(server.url, INIT, { origin: "http://localhost:5173" })).status).toBe(200);
    expect((await post(server.url, INIT)).status).toBe(200);
  });

  it("refuses an oversized body with 413, declared or streamed", async () => {
    const server = await start({ maxBodyBytes: 1024 });
    const big = { ...INIT, params: { ...INIT.params, clientInfo: { name: "x".repeat(2048), version: "0" } } };
    const declared = await post(server.url, big);
    expect(declared.status).toBe(413);
    expect((await errorOf(declared)).error.message).toMatch(/exceeds 1024 bytes/);
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify(big)));
        controller.close();
      },
    });
    const streamed = await fetch(server.url, {
      method: "POST",
      headers: POST_HEADERS,
      body,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it("refuses a wrong Accept (406), Content-Type (415), method (405), bad JSON (400)", async () => {
    const server = await start();
    expect((await post(server.url, INIT, { accept: "application/json" })).status).toBe(406);
    expect((await post(server.url, INIT, { "content-type": "text/plain" })).status).toBe(415);
    expect((await fetch(server.url, { method: "PUT" })).status).toBe(405);
    const parse = await fetch(server.url, { method: "POST", headers: POST_HEADERS, body: "{" });
    expect(parse.status).toBe(400);
    expect((await errorOf(parse)).error.code).toBe(-32700);
    const notRpc = await post(server.url, { hello: "world" });
    expect((await errorOf(notRpc)).error.code).toBe(-32600);
    expect((await fetch(new URL("/elsewhere", server.url))).status).toBe(404);
  });

  it("checks bearer credentials, hands them to handlers, and binds the session to them", async () => {
    const tokens: Record<string, string> = { alpha: "client-a", beta: "client-b" };
    const server = await start({
      authenticate: ({ token }) =>
        token && tokens[token] ? { token, clientId: tokens[token] as string, scopes: [] } : undefined,
      resourceMetadataUrl: "https://auth.example/.well-known/oauth-protected-resource",
    });
    const anonymous = await post(server.url, INIT);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe(
      'Bearer realm="mcp", resource_metadata="https://auth.example/.well-known/oauth-protected-resource"',
    );
    const wrong = await post(server.url, INIT, { authorization: "Bearer guess" });
    expect(wrong.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    const client = new Client({ name: "auth", version: "0" });
    const transport = new StreamableHTTPClientTransport(server.url, {
      requestInit: { headers: { authorization: "Bearer alpha" } },
    });
    await client.connect(transport);
    expect((await client.callTool({ name: "whoami", arguments: {} })).content).toEqual([
      { type: "text", text: "client-a" },
    ]);
    const hijack = await post(
      server.url,
      { jsonrpc: "2.0", id: 5, method: "ping" },
      {
        ...session(transport.sessionId ?? ""),
        authorization: "Bearer beta",
      },
    );
    expect(hijack.status).toBe(403);
    await client.close();
  });

  it("answers CORS preflights and exposes Mcp-Session-Id to allowed browser origins", async () => {
    const server = await start({ cors: { origins: ["https://app.example"] } });
    const preflight = await fetch(server.url, {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Mcp-Session-Id/);
    const init = await post(server.url, INIT, { origin: "https://app.example" });
    expect(init.status).toBe(200);
    expect(init.headers.get("access-control-expose-headers")).toMatch(/Mcp-Session-Id/);
    const other = await fetch(server.url, {
      method: "OPTIONS",
      headers: { origin: "https://other.example" },
    });
    expect(other.status).toBe(403);
  });
});

describe("modes", () => {
  it("stateless: no session id, a fresh server per POST, no GET stream", async () => {
    let created = 0;
    const server = await start({
      sessions: false,
      createServer: () => {
        created++;
        return testServer();
      },
    });
    const call = {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "echo", arguments: { text: "s" } },
    };
    const response = await post(server.url, call);
    expect(response.headers.get("mcp-session-id")).toBeNull();
    const events = await readSseUntil(response, () => false);
    expect(JSON.parse(events.at(-1)?.data ?? "")).toMatchObject({
      id: 1,
      result: { content: [{ text: "s" }] },
    });
    await (await post(server.url, call)).text();
    expect(created).toBe(2);
    expect((await fetch(server.url, { headers: { accept: "text/event-stream" } })).status).toBe(405);
    const client = new Client({ name: "stateless", version: "0" });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    expect((await client.callTool({ name: "echo", arguments: { text: "via sdk" } })).content).toEqual([
      { type: "text", text: "via sdk" },
    ]);
    await client.close();
  });

  it("JSON response mode answers with one application/json body; batches with an array", async () => {
    const server = await start({ responseMode: "json" });
    const id = await openSession(server.url);
    const echo = (n: number) => ({
      jsonrpc: "2.0",
      id: n,
      method: "tools/call",
      params: { name: "echo", arguments: { text: `${n}` } },
    });
    const single = await post(server.url, echo(1), session(id));
    expect(single.headers.get("content-type")).toBe("application/json");
    expect(await single.json()).toMatchObject({ id: 1, result: { content: [{ text: "1" }] } });
    const batch = await post(server.url, [echo(2), echo(3)], session(id));
    expect(((await batch.json()) as { id: number }[]).map((r) => r.id).sort()).toEqual([2, 3]);
  });
});

// Client ends of the wires: in-memory (SDK InMemoryTransport), stdio (a child's pipes), Streamable
// HTTP (node:http, SSE or JSON answers) and WebSocket (ws, subprotocol `mcp`). Each opens sessions.
import { Agent, request } from "node:http";
import { createInterface } from "node:readline";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import WebSocket from "ws";
import { rawReply } from "./native.js";
import { PROTOCOL_VERSION, Session } from "./rpc.js";

/** An initialized session over an in-memory pair to `server` (an SDK server, or "raw"). */
export async function inMemorySession(server) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  if (server === "raw") {
    serverSide.onmessage = (message) => {
      const reply = rawReply(message);
      if (reply) void serverSide.send(reply);
    };
    await serverSide.start();
  } else await server.connect(serverSide);
  const session = new Session((message) => void clientSide.send(message));
  clientSide.onmessage = (message) => session.receive(message);
  await clientSide.start();
  await session.initialize();
  session.close = () => clientSide.close();
  return session;
}

/** An initialized session over the stdin/stdout of a server child process. */
export async function stdioSession(child) {
  const session = new Session((message) => child.stdin.write(`${JSON.stringify(message)}\n`));
  createInterface({ input: child.stdout }).on("line", (line) => session.receive(JSON.parse(line)));
  await session.initialize();
  session.close = () => child.stdin.end();
  return session;
}

/** An initialized session over a WebSocket. */
export async function wsSession(url) {
  const ws = new WebSocket(url, ["mcp"], { perMessageDeflate: false });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  const session = new Session((message) => ws.send(JSON.stringify(message)));
  ws.on("message", (data) => session.receive(JSON.parse(data.toString())));
  await session.initialize();
  session.close = () => ws.close();
  return session;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** An initialized Streamable HTTP session; every message is one POST (with `extraHeaders`, e.g. a credential). */
export async function httpSession(url, extraHeaders = {}) {
  const headers = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    ...extraHeaders,
  };
  // The session id is taken from the initialize answer's headers as soon as they arrive: its body
  // (the result, which lets `initialize()` send `notifications/initialized`) may come before the
  // POST has ended.
  const takeSessionId = (response) => {
    const id = response.headers["mcp-session-id"];
    if (id && !headers["mcp-session-id"]) {
      headers["mcp-session-id"] = id;
      headers["mcp-protocol-version"] = PROTOCOL_VERSION;
    }
  };
  const session = new Session((message) => {
    let answered = message.id === undefined;
    const onMessage = (reply) => {
      if (reply.id === message.id && ("result" in reply || "error" in reply)) answered = true;
      session.receive(reply);
    };
    post(url, headers, message, onMessage, takeSessionId).then(
      // A POST whose answer ended without the request's response would leave the call waiting
      // for ever: it is answered with what happened instead (a wrong answer, with its status).
      (response) =>
        answered ||
        session.receive({
          id: message.id,
          error: { message: `POST ended without an answer (HTTP ${response.statusCode})` },
        }),
      (error) => session.receive({ id: message.id, error: { message: String(error) } }),
    );
  });
  await session.initialize();
  session.close = () => {};
  return session;
}

/**
 * POSTs one JSON-RPC message and hands every JSON-RPC message of the answer to `onMessage` as soon
 * as it arrives (an SSE event or a JSON body); resolves when the answer ends. A kept-alive socket
 * the server closed while idle (between rounds) is retried once on a new one: it never got there.
 */
function post(url, headers, message, onMessage, onHeaders = () => {}, retried = false) {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: "POST", agent, headers }, (res) => {
      answered = true;
      onHeaders(res);
      const sse = String(res.headers["content-type"]).startsWith("text/event-stream");
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        buffer += chunk;
        if (!sse) return;
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          dispatchEvent(buffer.slice(0, end), onMessage);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
        }
      });
      res.on("end", () => {
        if (!sse && buffer) [JSON.parse(buffer)].flat().forEach(onMessage);
        resolve(res);
      });
      res.on("error", reject);
    });
    req.on("error", (error) => {
      if (answered || retried || (error.code !== "ECONNRESET" && error.code !== "EPIPE")) reject(error);
      else resolve(post(url, headers, message, onMessage, onHeaders, true));
    });
    req.end(JSON.stringify(message));
  });
}

function dispatchEvent(event, onMessage) {
  const data = event
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).trimStart())
    .join("\n");
  if (data) onMessage(JSON.parse(data));
}

/** Opens `count` sessions with `open()`, a few at a time. */
export async function openSessions(count, open) {
  const sessions = [];
  while (sessions.length < count) {
    const batch = Math.min(16, count - sessions.length);
    sessions.push(...(await Promise.all(Array.from({ length: batch }, open))));
  }
  return sessions;
}

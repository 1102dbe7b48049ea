import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ElicitRequestSchema,
  ListToolsRequestSchema,
  SetLevelRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { InMemoryMessageBus } from "@wasi-mcp/router";
import { afterEach, describe, expect, it } from "vitest";
import { InMemoryEventStore } from "./event-store.js";
import { createHttpServer, type McpHttpServer } from "./http-server.js";
import { InMemorySessionStore } from "./shared-state.js";
import { openSession, POST_HEADERS, post, readSseUntil } from "./test-support.js";

/**
 * Every live copy of a session's server: the `change` tool makes each send a tool list change, as
 * the deployment's backend events reach every node's copy of a session.
 */
const copies = new Set<Server>();

/** A server whose `ask` tool elicits from the client and whose `level` tool tells the log level. */
function askingServer(node: string): Server {
  const server = new Server(
    { name: "shared", version: "1.0.0" },
    { capabilities: { tools: {}, logging: {} } },
  );
  let level = "unset";
  server.setRequestHandler(SetLevelRequestSchema, (request) => {
    level = request.params.level;
    return {};
  });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: ["ask", "tell", "where", "change"].map((name) => ({
      name,
      inputSchema: { type: "object" as const },
    })),
  }));
  copies.add(server);
  server.onclose = () => copies.delete(server);
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    if (request.params.name === "change") {
      const log = request.params.arguments?.log;
      await Promise.all(
        [...copies].map((copy) =>
          typeof log === "string"
            ? copy.sendLoggingMessage({ level: "info", data: log })
            : copy.sendToolListChanged(),
        ),
      );
      return { content: [] };
    }
    if (request.params.name === "where") {
      return { content: [{ type: "text", text: `${node} ${level} ${server.getClientVersion()?.name}` }] };
    }
    const params = {
      message: "name?",
      requestedSchema: { type: "object" as const, properties: { name: { type: "string" as const } } },
    };
    // `tell` asks on the session's GET stream (another node may hold it), `ask` on the call's stream.
    const related = request.params.name === "ask" ? { relatedRequestId: extra.requestId } : {};
    const answer = await server.elicitInput(params, related);
    return { content: [{ type: "text", text: `${node} got ${JSON.stringify(answer.content)}` }] };
  });
  return server;
}

describe("2025 sessions shared by several nodes (ADR 0011 §2)", () => {
  const servers: McpHttpServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function nodes(count: number): Promise<McpHttpServer[]> {
    const sessionStore = new InMemorySessionStore();
    const messageBus = new InMemoryMessageBus();
    const eventStore = new InMemoryEventStore();
    for (let n = 0; n < count; n++) {
      const name = String.fromCharCode(65 + n);
      servers.push(
        await createHttpServer({
          createServer: () => askingServer(name),
          sessionStore,
          messageBus,
          eventStore,
        }),
      );
    }
    return servers;
  }

  it("continues an SDK v1 client's session whichever node each POST reaches, answers to elicitation included", async () => {
    const [a, b, c] = await nodes(3);
    const urls = [a, b, c].map((server) => server?.url as URL);
    let turn = 0;
    const reached: string[] = [];
    // Every request of the client goes to the next node, as a round-robin balancer would send it.
    const roundRobin: typeof fetch = (input, init) => {
      const target = urls[turn++ % urls.length] as URL;
      reached.push(target.port);
      const url = new URL(String(input instanceof Request ? input.url : input));
      url.host = target.host;
      return fetch(url, init);
    };
    const client = new Client({ name: "roaming", version: "1.0.0" }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async () => ({
      action: "accept",
      content: { name: "Ada" },
    }));
    await client.connect(new StreamableHTTPClientTransport(urls[0] as URL, { fetch: roundRobin }));
    await client.setLoggingLevel("warning");
    const whereabouts = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const result = (await client.callTool({ name: "where" })) as CallToolResult;
      const text = (result.content[0] as { text: string }).text;
      expect(text).toMatch(/^[ABC] warning roaming$/);
      whereabouts.add(text.slice(0, 1));
    }
    expect(whereabouts).toEqual(new Set(["A", "B", "C"]));
    for (let i = 0; i < 6; i++) {
      const asked = (await client.callTool({ name: i % 2 ? "ask" : "tell" })) as CallToolResult;
      expect((asked.content[0] as { text: string }).text).toMatch(/^[ABC] got \{"name":"Ada"\}$/);
    }
    expect(new Set(reached).size).toBe(3);
    await client.close();
  });

  it("keeps what the GET stream missed while no node held it, for a resume through another node", async () => {
    const [a, b] = await nodes(2);
    const [onA, onB] = [a?.url as URL, b?.url as URL];
    const id = await openSession(onA);
    const session = { ...POST_HEADERS, "mcp-session-id": id, "mcp-protocol-version": "2025-11-25" };
    const change = { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "change" } };
    // B has a copy of the session too (a request reached it), so both copies hear every change.
    await (await post(onB, { jsonrpc: "2.0", id: 4, method: "tools/list" }, session)).text();
    const held = new AbortController();
    const get = await fetch(onA, { headers: session, signal: held.signal });
    const [priming] = await readSseUntil(get, (events) => events.length >= 1);
    held.abort(); // the client goes away; no node holds the GET stream now
    await expect
      .poll(async () => {
        // A second GET is refused (409) until A has seen the first one end.
        const probe = new AbortController();
        const again = await fetch(onA, { headers: session, signal: probe.signal });
        probe.abort();
        return again.status;
      })
      .toBe(200);
    await (await post(onB, change, session)).text();
    await (await post(onA, { ...change, id: 6 }, session)).text();
    const resumed = await fetch(onB, { headers: { ...session, "last-event-id": priming?.id as string } });
    expect(resumed.status).toBe(200);
    // B holds the stream now: a log record sent through A reaches it live and ends the reading.
    await (
      await post(onA, { ...change, id: 7, params: { name: "change", arguments: { log: "end" } } }, session)
    ).text();
    const missed = await readSseUntil(resumed, (events) => events.some((e) => e.data.includes('"end"')));
    const changes = missed.filter((event) => event.data.includes("notifications/tools/list_changed"));
    expect(changes).toHaveLength(2); // each change once: only the keeper stored it
    expect(missed.filter((event) => event.data.includes('"end"'))).toHaveLength(1);
  });

  it("answers 404 for a session no node opened, and forgets a deleted one everywhere", async () => {
    const [a, b] = await nodes(2);
    const id = await openSession(a?.url as URL);
    const list = { jsonrpc: "2.0", id: 2, method: "tools/list" };
    const onB = await post(b?.url as URL, list, { "mcp-session-id": id });
    expect(onB.status).toBe(200);
    await onB.text();
    const unknown = await post(b?.url as URL, list, { "mcp-session-id": "nope" });
    expect(unknown.status).toBe(404);
    const deleted = await fetch(b?.url as URL, {
      method: "DELETE",
      headers: { ...POST_HEADERS, "mcp-session-id": id },
    });
    expect(deleted.status).toBe(200);
    // Node A, which opened it, closed its copy too.
    await expect.poll(() => a?.handler.sessionCount).toBe(0);
    for (const node of [a, b]) {
      const after = await post(node?.url as URL, list, { "mcp-session-id": id });
      expect(after.status).toBe(404);
    }
  });
});

describe("a shared session store that cannot be reached", () => {
  it("answers 503 with the reason, never a session of this process alone", async () => {
    const down = async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:6379");
    };
    const errors: Error[] = [];
    const server = await createHttpServer({
      createServer: () => askingServer("A"),
      sessionStore: { get: down, put: down, touch: down, delete: down },
      onError: (error) => errors.push(error),
    });
    try {
      const opened = await post(server.url, {
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "c", version: "1" } },
      });
      expect(opened.status).toBe(503);
      expect(await opened.text()).toContain("shared session store unreachable: connect ECONNREFUSED");
      const unknown = await post(
        server.url,
        { jsonrpc: "2.0", id: 2, method: "tools/list" },
        { "mcp-session-id": "x" },
      );
      expect(unknown.status).toBe(503);
      expect(server.handler.sessionCount).toBe(0);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});

// The same edge rules on every wire, against `mcp-compositor serve` (hello) over a real child
// process's stdio, a real WebSocket and real HTTP: a 2026-pinned connection refuses a request
// naming another revision (-32022), a JSON array gets one -32600 in both revisions, bad params and
// MRTR retry fields get -32602 with a short message, request text is escaped and bounded in
// answers and in the server's log, and one client's 2026 listen streams are bounded
// (limits.maxListenStreamsPerClient), and so are the WebSocket endpoint's across its connections
// (limits.maxListenStreams; HTTP's is tested in transport-http).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envelope, modern, modernHttpConnection } from "./modern-wires.js";
import { hello } from "./network-server.js";
import {
  httpConnection,
  type RawConnection,
  type ServingChild,
  startServing,
  stdioConnection,
  wsConnection,
} from "./raw-wires.js";

const cli = join(import.meta.dirname, "..", "dist", "cli.js");
type Wire = "stdio" | "ws" | "http";
const WIRES = ["stdio", "ws", "http"] as const;
const PER_CLIENT = 2;
const ENDPOINT = 3;
const servers = new Map<Wire, ServingChild>();
const config = join(mkdtempSync(join(tmpdir(), "wire-rules-")), "config.json");

beforeAll(async () => {
  writeFileSync(
    config,
    JSON.stringify({
      components: [{ path: hello }],
      limits: { maxListenStreamsPerClient: PER_CLIENT, maxListenStreams: ENDPOINT },
    }),
  );
  const started = await Promise.allSettled(
    WIRES.map(async (wire) => servers.set(wire, await startServing(cli, ["--config", config], wire))),
  );
  for (const outcome of started) if (outcome.status === "rejected") throw outcome.reason;
}, 240_000);

afterAll(async () => {
  await Promise.all([...servers.values()].map((server) => server.stop()));
});

/** A raw connection on `wire`; stdio has one per server process, so it gets a fresh process. */
async function connect(wire: Wire, { fresh = false } = {}): Promise<RawConnection> {
  const server = servers.get(wire);
  if (!server) throw new Error(`no ${wire} server`);
  if (wire === "stdio") {
    if (!fresh) return stdioConnection(server);
    const child = await startServing(cli, ["--config", config], "stdio");
    extra.push(child);
    return stdioConnection(child);
  }
  return wire === "ws" ? wsConnection(server.url as URL) : modernHttpConnection(server.url as URL);
}
const extra: ServingChild[] = [];
afterAll(async () => {
  await Promise.all(extra.map((child) => child.stop()));
});

function answer(
  connection: RawConnection,
  id: string,
): { result?: unknown; error?: { code: number; message: string; data?: unknown } } | undefined {
  return connection.received.find(
    (message) =>
      (message as { id?: unknown }).id === id &&
      ("result" in (message as object) || "error" in (message as object)),
  ) as never;
}

async function until(done: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Sends `frame` and waits for the answer to `id`. */
async function ask(connection: RawConnection, id: string, frame: Buffer) {
  await connection.send(frame);
  await until(() => answer(connection, id) !== undefined, `no answer to ${id}`);
  return answer(connection, id) ?? {};
}

describe.each(WIRES)("over %s", (wire) => {
  it("refuses on a 2026 connection a request naming another revision with -32022", async () => {
    const connection = await connect(wire);
    try {
      expect(await ask(connection, "pin", modern("pin", "tools/list"))).toMatchObject({
        result: { tools: expect.arrayContaining([expect.objectContaining({ name: "echo" })]) },
      });
      for (const version of ["2099-01-01", "2025-11-25"]) {
        const id = `v-${version}`;
        const reply = await ask(connection, id, modern(id, "tools/list", { _meta: envelope(version) }));
        expect(reply.result, version).toBeUndefined();
        expect(reply.error).toMatchObject({ code: -32022, data: { requested: version } });
      }
    } finally {
      await connection.close();
    }
  });

  it("answers bad params and MRTR retry fields with -32602 and a short message", async () => {
    const connection = await connect(wire);
    try {
      await ask(connection, "pin2", modern("pin2", "tools/list"));
      const cursor = await ask(connection, "cursor", modern("cursor", "tools/list", { cursor: 5 }));
      expect(cursor.error).toMatchObject({ code: -32602, message: expect.stringMatching(/cursor/) });
      let deep = "1";
      for (let i = 0; i < 100_000; i++) deep = `[${deep}]`;
      const nested = Buffer.from(
        `{"jsonrpc":"2.0","id":"deep","method":"tools/call","params":{"name":"echo","arguments":{"text":${deep}},"_meta":${JSON.stringify(envelope())}}}`,
      );
      const deepReply = await ask(connection, "deep", nested);
      expect(deepReply.error).toMatchObject({
        code: -32602,
        message: expect.stringMatching(/nested more than/),
      });
      for (const [i, inputResponses] of ["nope", [], null].entries()) {
        const id = `ir-${i}`;
        const reply = await ask(
          connection,
          id,
          modern(id, "tools/call", { name: "echo", arguments: { text: "x" }, inputResponses }),
        );
        expect(reply.error, JSON.stringify(inputResponses)).toMatchObject({
          code: -32602,
          message: expect.stringMatching(/inputResponses must be an object/),
        });
      }
      for (const message of connection.received) {
        expect(JSON.stringify(message).length).toBeLessThan(1000);
      }
    } finally {
      await connection.close();
    }
  });

  // Streamable HTTP serves 2025 batches (its 2025-03-26 compatibility); stdio and WebSocket never
  // did, and now say so instead of leaving the ids unanswered.
  it("answers a JSON array with one -32600 (id null) on a 2026 connection and on a 2025 one", async () => {
    const modernConnection = await connect(wire, { fresh: true });
    const legacyConnection =
      wire === "http"
        ? httpConnection(servers.get("http")?.url as URL)
        : await connect(wire, { fresh: true });
    try {
      await ask(modernConnection, "pin3", modern("pin3", "tools/list"));
      await legacyConnection.send(
        Buffer.from(
          JSON.stringify({
            jsonrpc: "2.0",
            id: "init",
            method: "initialize",
            params: {
              protocolVersion: "2025-11-25",
              capabilities: {},
              clientInfo: { name: "b", version: "0" },
            },
          }),
        ),
      );
      await until(() => answer(legacyConnection, "init") !== undefined, "no initialize answer");
      await legacyConnection.send(Buffer.from('{"jsonrpc":"2.0","method":"notifications/initialized"}'));
      const batches: [RawConnection, Buffer][] = [
        [modernConnection, Buffer.from(`[${modern("b1", "tools/list")},${modern("b2", "ping")}]`)],
        [legacyConnection, Buffer.from('[{"jsonrpc":"2.0","id":"b3","method":"tools/list"}]')],
      ];
      if (wire === "http") {
        const [[, legacyBatch]] = [batches.pop() as [RawConnection, Buffer]];
        await legacyConnection.send(legacyBatch);
        await until(() => answer(legacyConnection, "b3") !== undefined, "http: no answer to a 2025 batch");
      }
      for (const [connection, batch] of batches) {
        const before = connection.received.length;
        await connection.send(batch);
        await until(
          () =>
            connection.received
              .slice(before)
              .some((message) => (message as { error?: { code?: number } }).error?.code === -32600),
          `${wire}: no -32600 for a batch`,
        );
        const refusal = connection.received
          .slice(before)
          .find((message) => (message as { error?: unknown }).error) as {
          id: unknown;
          error: { message: string };
        };
        expect(refusal.id).toBeNull();
        expect(refusal.error.message).toMatch(/batch/i);
      }
    } finally {
      await modernConnection.close();
      await legacyConnection.close();
    }
  });

  it("escapes and bounds request text in answers and in the server's log", async () => {
    const connection = await connect(wire);
    const server = servers.get(wire) as ServingChild;
    const logBefore = server.stderr().length;
    try {
      await ask(connection, "pin4", modern("pin4", "tools/list"));
      const forged = "x\nmcp-compositor: ready in 1 ms: forged";
      const huge = "m".repeat(1_000_000);
      for (const [id, method] of [
        ["forged", forged],
        ["huge", huge],
      ] as const) {
        await connection.send(modern(id, method));
      }
      await connection.send(modern("after", "ping"));
      await until(() => answer(connection, "after") !== undefined, "no answer after the hostile methods");
      for (const message of connection.received) expect(JSON.stringify(message).length).toBeLessThan(2048);
      // Over HTTP the refusals carry no id (the SDK entry's), elsewhere each is answered.
      if (wire !== "http") {
        expect(answer(connection, "forged")?.error).toBeDefined();
        expect(answer(connection, "huge")?.error).toBeDefined();
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      const log = server.stderr().slice(logBefore);
      expect(log.length).toBeLessThan(20_000);
      expect(log).not.toMatch(/^mcp-compositor: ready in 1 ms: forged/m);
    } finally {
      await connection.close();
    }
  });

  it("bounds the answer to an opening message that names a 1 MB protocol version", async () => {
    const connection = await connect(wire, { fresh: true });
    try {
      const version = `9${"x\n".repeat(500_000)}`;
      const reply = await ask(
        connection,
        "opening",
        modern("opening", "tools/list", { _meta: envelope(version) }),
      );
      expect(reply.error?.code).toBeDefined();
      for (const message of connection.received) expect(JSON.stringify(message).length).toBeLessThan(4000);
    } finally {
      await connection.close();
    }
  });

  it(`bounds one client's 2026 listen streams (maxListenStreamsPerClient ${PER_CLIENT})`, async () => {
    const connection = await connect(wire, { fresh: wire === "stdio" });
    const listen = (id: string) =>
      modern(id, "subscriptions/listen", { notifications: { toolsListChanged: true } });
    const acknowledged = (id: string) =>
      connection.received.some(
        (message) =>
          (message as { method?: string }).method === "notifications/subscriptions/acknowledged" &&
          JSON.stringify(message).includes(`"${id}"`),
      );
    try {
      if (wire !== "http") await ask(connection, "pin5", modern("pin5", "tools/list"));
      for (let i = 1; i <= PER_CLIENT; i++) {
        await connection.send(listen(`listen-${i}`));
        await until(() => acknowledged(`listen-${i}`), `${wire}: listen-${i} not acknowledged`);
      }
      const refused = await ask(connection, "listen-over", listen("listen-over"));
      expect(refused.error).toMatchObject({ code: -32603, message: expect.stringMatching(/limit/i) });
      expect(acknowledged("listen-over")).toBe(false);
    } finally {
      await connection.close();
    }
  });
});

it(`bounds a WebSocket endpoint's 2026 listen streams across its connections (maxListenStreams ${ENDPOINT})`, async () => {
  const listen = (id: string) =>
    modern(id, "subscriptions/listen", { notifications: { toolsListChanged: true } });
  const acknowledged = (connection: RawConnection, id: string) =>
    connection.received.some(
      (message) =>
        (message as { method?: string }).method === "notifications/subscriptions/acknowledged" &&
        JSON.stringify(message).includes(`"${id}"`),
    );
  const a = await connect("ws");
  const b = await connect("ws");
  try {
    for (const [connection, id] of [
      [a, "a1"],
      [a, "a2"],
      [b, "b1"],
    ] as const) {
      await connection.send(listen(id));
      await until(() => acknowledged(connection, id), `${id} not acknowledged`);
    }
    const refused = await ask(b, "b2", listen("b2"));
    expect(refused.error).toMatchObject({
      code: -32603,
      message: expect.stringMatching(/maxListenStreams\)/),
    });
    // A connection that goes away gives its slots back (once the server has seen it close).
    await a.close();
    let freed = false;
    for (let attempt = 0; attempt < 50 && !freed; attempt++) {
      const id = `b3-${attempt}`;
      await b.send(listen(id));
      await until(() => acknowledged(b, id) || answer(b, id) !== undefined, `no answer to ${id}`);
      freed = acknowledged(b, id);
      if (!freed) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(freed).toBe(true);
  } finally {
    await a.close();
    await b.close();
  }
});

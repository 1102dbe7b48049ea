// Hostile bytes on all three wires, against `mcp-compositor serve hello.wasm`: fast-check generates
// cases of 1–12 frames (valid requests, wrong types, unknown methods, notifications, malformed and
// truncated JSON, invalid UTF-8, batches, deep nesting, duplicate ids, empty and oversized frames)
// and sends them over one live stdio, WebSocket and Streamable HTTP connection. After every case:
// each request id gets exactly one answer (at most one where the frame was broken), no answer names
// an id that was never sent, the connection answers a ping (a WebSocket may close cleanly over
// invalid UTF-8 or an oversized frame — then a new one must work), no HTTP answer is a 5xx, and the
// server process is alive. At the end a separate SDK client still gets its echo.
//
// The same runs for MCP 2026-07-28 connections (hostile-frames-2026.ts): the `_meta` envelope
// intact, naming other revisions or broken; MRTR retries with forged or foreign-typed
// `requestState` and `inputResponses`; `subscriptions/listen` streams with valid and hostile
// filters (cancelled, or their HTTP streams closed, at the end of each case); 2026 batches; the
// 2025 frames mixed in. Listen ids may get at most one answer (the acknowledgement is a
// notification); everything else is checked as above.
//
// HOSTILE_WIRE_MESSAGES (default 10 000 over the three wires, CI's slice) sets how many 2025 frames
// are sent in all, HOSTILE_WIRE_MODERN_MESSAGES (default 3 000) how many 2026 ones; `npm run
// test:hostile` runs 100 000 and 30 000.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Frame, frameFrom, frameSpecs } from "./hostile-frames.js";
import { type ModernFrame, modernFrameFrom, modernFrameSpecs } from "./hostile-frames-2026.js";
import { modern, modernHttpConnection } from "./modern-wires.js";
import {
  httpConnection,
  type RawConnection,
  type ServingChild,
  startServing,
  stdioConnection,
  wsConnection,
} from "./raw-wires.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.js");
const hello = join(root, "..", "components", "hello", "dist", "hello.wasm");
const MESSAGES = Number(process.env.HOSTILE_WIRE_MESSAGES ?? 10_000);
/** Cases per wire: 1–12 frames each, ≈ 6.3 on average, so the frames sent reach MESSAGES. */
const CASES_PER_WIRE = Math.max(1, Math.ceil(MESSAGES / 3 / 6));
const MODERN_MESSAGES = Number(process.env.HOSTILE_WIRE_MODERN_MESSAGES ?? 3_000);
/** 2026 cases per wire: 1–10 frames each, ≈ 5.5 on average. */
const MODERN_CASES_PER_WIRE = Math.max(1, Math.ceil(MODERN_MESSAGES / 3 / 5.5));
const INITIALIZE = (id: string) =>
  Buffer.from(
    JSON.stringify({
      jsonrpc: "2.0",
      id,
      method: "initialize",
      params: {
        protocolVersion: "2025-11-25",
        capabilities: {},
        clientInfo: { name: "hostile", version: "0" },
      },
    }),
  );
const INITIALIZED = Buffer.from(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));

type Wire = "stdio" | "ws" | "http";
type Era = "2025" | "2026";
const servers = new Map<Wire, ServingChild>();
/** A stdio server is one connection, pinned to its era by its first message: 2026 gets its own. */
let modernStdio: ServingChild | undefined;
let sent = 0;

beforeAll(async () => {
  const started = await Promise.allSettled([
    ...(["stdio", "ws", "http"] as const).map(async (wire) =>
      servers.set(wire, await startServing(cli, [hello], wire)),
    ),
    startServing(cli, [hello], "stdio").then((child) => {
      modernStdio = child;
    }),
  ]);
  for (const outcome of started) if (outcome.status === "rejected") throw outcome.reason;
}, 240_000);

afterAll(async () => {
  await Promise.all(
    [...servers.values(), ...(modernStdio ? [modernStdio] : [])].map((server) => server.stop()),
  );
  console.error(`hostile-wires: ${sent} frames sent`);
});

/** The server process behind `wire` in `era`. */
function serverOf(wire: Wire, era: Era): ServingChild | undefined {
  return era === "2026" && wire === "stdio" ? modernStdio : servers.get(wire);
}

/** A raw connection on `wire` to the server of `era` (not yet opened by any message). */
async function rawConnection(wire: Wire, era: Era): Promise<RawConnection & { statuses?: number[] }> {
  const server = serverOf(wire, era);
  if (!server) throw new Error(`no ${wire} server (see beforeAll)`);
  if (wire === "stdio") return stdioConnection(server);
  if (wire === "ws") return wsConnection(server.url as URL);
  return era === "2026" ? modernHttpConnection(server.url as URL) : httpConnection(server.url as URL);
}

/** Opens a raw 2026 connection on `wire`, pinned to 2026 by a first request. */
async function openModern(wire: Wire): Promise<RawConnection & { statuses?: number[] }> {
  const connection = await rawConnection(wire, "2026");
  const pin = `pin-${Date.now()}-${Math.random()}`;
  await connection.send(modern(pin, "tools/list"));
  await until(() => answersTo(connection.received, pin) === 1, `${wire}: no answer to a 2026 tools/list`);
  return connection;
}

/** Opens an initialized raw connection on `wire`. */
async function open(wire: Wire): Promise<RawConnection & { statuses?: number[] }> {
  const connection = await rawConnection(wire, "2025");
  await connection.send(INITIALIZE("init"));
  await until(() => answersTo(connection.received, "init") === 1, `${wire}: no initialize answer`);
  await connection.send(INITIALIZED);
  return connection;
}

function idOf(message: unknown): unknown {
  return typeof message === "object" && message !== null && ("result" in message || "error" in message)
    ? (message as { id?: unknown }).id
    : undefined;
}

function answersTo(received: unknown[], id: string, from = 0): number {
  let count = 0;
  for (let i = from; i < received.length; i++) if (idOf(received[i]) === id) count++;
  return count;
}

async function until(done: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Sends one case's frames on `connection` and checks the invariants; returns the connection to go on with. */
async function runCase(
  wire: Wire,
  era: Era,
  connection: RawConnection & { statuses?: number[] },
  frames: Frame[],
  caseId: number,
): Promise<RawConnection & { statuses?: number[] }> {
  const from = connection.received.length;
  const statusesFrom = connection.statuses?.length ?? 0;
  let closedBy: Frame | undefined;
  for (const frame of frames) {
    if (connection.closed) break;
    // An oversized HTTP body may be refused (413) and the socket closed while it is still being
    // sent: the client sees a failed fetch, which is the server cutting it off, not failing.
    await connection.send(frame.bytes).catch((error: unknown) => {
      if (!(wire === "http" && frame.mayClose)) throw error;
    });
    sent++;
    if (frame.mayClose) closedBy = frame;
  }
  const closed = () => connection.closed !== undefined;
  const must = frames.flatMap((frame) => frame.must);
  const may = new Map(frames.flatMap((frame) => [...frame.may]));
  if (!closed()) {
    const sentinel = `${wire}-${era}-${caseId}-ping`;
    await connection.send(
      era === "2026"
        ? modern(sentinel, "ping")
        : Buffer.from(JSON.stringify({ jsonrpc: "2.0", id: sentinel, method: "ping" })),
    );
    const unanswered = () => must.filter((id) => answersTo(connection.received, id, from) === 0);
    await until(
      () => closed() || (answersTo(connection.received, sentinel, from) === 1 && unanswered().length === 0),
      `${wire} ${era} case ${caseId}: not every request answered`,
    ).catch((error: Error) => {
      const waiting = frames.filter((f) => f.must.some((id) => unanswered().includes(id)));
      const shown = waiting.map((f) => f.bytes.toString().slice(0, 200)).join(" | ");
      throw new Error(`${error.message}: ${unanswered().join(", ")} — ${shown}`);
    });
    if (!closed()) may.set(sentinel, 1);
  }
  const answered = connection.received.slice(from);
  const problems: string[] = [];
  if (closed()) {
    // Only a frame the wire may refuse by closing may end the connection, and only cleanly.
    if (wire !== "ws" || !closedBy || !/^close (1007|1009)$/.test(connection.closed ?? "")) {
      problems.push(`connection ended: ${connection.closed} (last closing-allowed frame: ${closedBy?.kind})`);
    }
  } else {
    for (const id of must) {
      const count = answersTo(answered, id);
      if (count !== 1) problems.push(`${id} answered ${count} times`);
    }
  }
  for (const message of answered) {
    const id = idOf(message);
    if (id === undefined || id === null) continue;
    if (typeof id !== "string" || !(must.includes(id) || may.has(id))) {
      problems.push(`answer to an id never sent: ${JSON.stringify(message).slice(0, 200)}`);
    }
  }
  for (const [id, most] of may) {
    const count = answersTo(answered, id);
    if (count > most) problems.push(`${id} answered ${count} times (at most ${most})`);
  }
  if (!closed()) problems.push(...modernProblems(frames, answered));
  const statuses = connection.statuses?.slice(statusesFrom) ?? [];
  if (statuses.some((status) => status >= 500)) problems.push(`HTTP statuses ${statuses.join(",")}`);
  if (serverOf(wire, era)?.child.exitCode !== null) problems.push("the server process exited");
  if (problems.length > 0) {
    throw new Error(
      `${wire} ${era} case ${caseId} (${frames.map((f) => f.kind).join(", ")}):\n  ${problems.join("\n  ")}`,
    );
  }
  if (!closed()) {
    await endListens(wire, connection, frames);
    return connection;
  }
  // A cleanly closed WebSocket: a new connection must work.
  return era === "2026" ? await openModern(wire) : await open(wire);
}

/** What the 2026 frames of a case require of their answers beyond "once": refusals and batches. */
function modernProblems(frames: Frame[], answered: unknown[]): string[] {
  const problems: string[] = [];
  for (const frame of frames as Partial<ModernFrame>[]) {
    for (const [id, codes] of frame.refusals ?? []) {
      const reply = answered.find((message) => idOf(message) === id) as
        | { error?: { code?: number } }
        | undefined;
      if (!reply?.error || !codes.includes(reply.error.code ?? 0)) {
        problems.push(
          `${id} must be refused with ${codes.join(" or ")}: ${JSON.stringify(reply).slice(0, 300)}`,
        );
      }
    }
  }
  const batches = frames.filter((frame) => (frame as Partial<ModernFrame>).batch).length;
  const refused = answered.filter(
    (message) => idOf(message) === null && (message as { error?: { code?: number } }).error?.code === -32600,
  ).length;
  if (refused < batches) problems.push(`${batches} batches, ${refused} refused with -32600 and id null`);
  return problems;
}

/**
 * Ends the case's 2026 listen streams, so that the next case starts without them: a cancellation
 * on stdio and WebSocket, the streams' responses closed over HTTP.
 */
async function endListens(wire: Wire, connection: RawConnection, frames: Frame[]): Promise<void> {
  const listens = frames.flatMap((frame) => (frame as Partial<ModernFrame>).listens ?? []);
  if (listens.length === 0) return;
  if (wire === "http") return connection.close();
  for (const requestId of listens) {
    const cancel = { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId } };
    await connection.send(Buffer.from(JSON.stringify(cancel)));
  }
}

/** One era's property over each wire: cases of generated frames on one live connection. */
function describeEra<S>(
  era: Era,
  title: string,
  cases: number,
  specs: fc.Arbitrary<S[]>,
  build: (spec: S, id: string) => Frame,
): void {
  describe.each(["stdio", "ws", "http"] as const)(`${title} over %s`, (wire) => {
    it(`answers every request once and keeps serving (${cases} cases)`, async () => {
      let connection = era === "2026" ? await openModern(wire) : await open(wire);
      let caseId = 0;
      try {
        await fc.assert(
          fc.asyncProperty(specs, async (generated) => {
            const id = caseId++;
            const frames = generated.map((s, i) => build(s, `${wire}-${era}-${id}-${i}`));
            connection = await runCase(wire, era, connection, frames, id);
          }),
          { numRuns: cases, endOnFailure: true },
        );
      } finally {
        await connection.close();
      }
    }, 1_200_000);
  });
}

describeEra("2025", "hostile frames", CASES_PER_WIRE, frameSpecs, frameFrom);
describeEra("2026", "hostile 2026-07-28 frames", MODERN_CASES_PER_WIRE, modernFrameSpecs, modernFrameFrom);

it("still serves a well-behaved SDK client afterwards", async () => {
  const url = servers.get("http")?.url;
  if (!url) throw new Error("no HTTP server (see beforeAll)");
  const client = new Client({ name: "after-hostile", version: "0" });
  try {
    await client.connect(new StreamableHTTPClientTransport(url));
    expect(await client.callTool({ name: "echo", arguments: { text: "still here" } })).toMatchObject({
      content: [{ type: "text", text: "still here" }],
    });
  } finally {
    await client.close();
  }
  for (const server of servers.values()) expect(server.child.exitCode).toBeNull();
});

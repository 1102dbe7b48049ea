import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  isJSONRPCRequest,
  type JSONRPCMessage,
  JSONRPCMessageSchema,
} from "@modelcontextprotocol/sdk/types.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastKind, slowKind } from "../shared/message-guard.js";
import { createPlainBackend } from "../shared/plain-backend.js";
import { createMcpServer } from "./create-server.js";

const RUNS = Number(process.env.ROUTER_HOSTILE_RUNS ?? 10_000);
const HUGE = "x".repeat(100_000);

const backend = createPlainBackend({
  name: "hostile",
  version: "1",
  logging: true,
  subscriptions: true,
  tools: [
    {
      name: "echo",
      inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
      call: (args) => ({ content: [{ type: "text", text: String(args.text) }] }),
    },
    {
      name: "boom",
      inputSchema: { type: "object" },
      call: () => {
        throw new Error("kaboom at /work/secret/path.ts:1:1");
      },
    },
    {
      name: "progress",
      inputSchema: { type: "object" },
      outputSchema: { type: "object", properties: { n: { type: "number" } }, required: ["n"] },
      call: async (_args, request) => {
        const token = request.meta?.progressToken;
        if (typeof token === "string" || typeof token === "number") {
          await request.notify?.({
            method: "notifications/progress",
            params: { progressToken: token, progress: 1 },
          });
        }
        await request.notify?.({ method: "notifications/message", params: { level: "info", data: "hi" } });
        return { content: [], structuredContent: { n: 1 } };
      },
    },
  ],
  resources: [{ uri: "test://a", name: "a", read: (uri) => ({ contents: [{ uri, text: "a" }] }) }],
  resourceTemplates: [
    {
      uriTemplate: "test://items/{id}",
      name: "item",
      read: (uri) => ({ contents: [{ uri, text: uri }] }),
      complete: { id: (value) => [`${value}1`, `${value}2`] },
    },
  ],
  prompts: [
    {
      name: "greet",
      arguments: [{ name: "who", required: true }],
      get: (args) => ({ messages: [{ role: "user", content: { type: "text", text: `hi ${args.who}` } }] }),
      complete: { who: () => ["Ada"] },
    },
  ],
});

const METHODS = [
  "initialize",
  "ping",
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/templates/list",
  "resources/read",
  "resources/subscribe",
  "resources/unsubscribe",
  "prompts/list",
  "prompts/get",
  "completion/complete",
  "logging/setLevel",
  "tasks/list",
  "sampling/createMessage",
  "notifications/initialized",
  "notifications/cancelled",
  "",
];

const json = fc.jsonValue({ maxDepth: 2 });
const hostile = fc.oneof(
  { weight: 8, arbitrary: json },
  {
    weight: 3,
    arbitrary: fc.constantFrom(2 ** 53 + 2, -(2 ** 60), 1e308, 0.5, "", "test://a", "echo", "greet"),
  },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant(HUGE) },
);
const name = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("echo", "boom", "progress", "greet", "nope") },
  { weight: 1, arbitrary: hostile },
);
const uri = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("test://a", "test://items/7", "test://nope", "not a uri") },
  { weight: 1, arbitrary: hostile },
);
const meta = fc.record({ progressToken: fc.oneof(fc.string(), fc.integer(), hostile) });
const plausibleParams = fc.oneof(
  fc.record(
    { name, arguments: fc.oneof(fc.dictionary(fc.string(), hostile), hostile), _meta: meta },
    { requiredKeys: ["name"] },
  ),
  fc.record({ uri, _meta: meta }, { requiredKeys: [] }),
  fc.record({ cursor: fc.oneof(fc.string(), hostile) }, { requiredKeys: [] }),
  fc.record({ level: fc.oneof(fc.constantFrom("debug", "info", "error", "loud"), hostile) }),
  fc.record({
    ref: fc.oneof(
      fc.record({ type: fc.constant("ref/prompt"), name }),
      fc.record({ type: fc.constant("ref/resource"), uri: fc.oneof(fc.constant("test://items/{id}"), uri) }),
      hostile,
    ),
    argument: fc.oneof(fc.record({ name: fc.constantFrom("who", "id", "x"), value: fc.string() }), hostile),
  }),
  fc.record({
    protocolVersion: fc.oneof(
      fc.constantFrom("2025-11-25", "2025-06-18", "2025-03-26", "1999-01-01"),
      hostile,
    ),
    capabilities: fc.oneof(fc.constant({}), hostile),
    clientInfo: fc.oneof(fc.constant({ name: "c", version: "1" }), hostile),
  }),
);
const params = fc.oneof(fc.constant(undefined), plausibleParams, hostile);

/** An id for message `i` of a case, unique within the case whatever its form. */
function idFor(kind: number, i: number): unknown {
  switch (kind) {
    case 0:
      return i;
    case 1:
      return Number.MAX_SAFE_INTEGER - i;
    case 2:
      return -i - 1;
    case 3:
      return `${i}:${HUGE}`;
    case 4:
      return i + 0.5; // not an integer: an invalid id
    case 5:
      return null;
    case 6:
      return { i };
    default:
      return `id-${i}`;
  }
}

type Shape = "request" | "notification" | "envelope" | "response" | "junk";
const message = fc.record({
  shape: fc.constantFrom<Shape>(
    "request",
    "request",
    "request",
    "notification",
    "envelope",
    "response",
    "junk",
  ),
  method: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...METHODS) }, fc.string(), hostile),
  params,
  idKind: fc.nat(15),
  cancelTarget: fc.nat(7),
  junk: hostile,
  extra: fc.constantFrom<Record<string, unknown>>(
    { jsonrpc: "1.0" },
    { extra: 1 },
    { method: 5 },
    { params: [1] },
  ),
});
type Message = typeof message extends fc.Arbitrary<infer T> ? T : never;
const testCase = fc.record({
  initializeFirst: fc.boolean(),
  messages: fc.array(message, { minLength: 1, maxLength: 6 }),
});

function build(m: Message, i: number): unknown {
  const id = idFor(m.idKind, i);
  switch (m.shape) {
    case "request":
      return {
        jsonrpc: "2.0",
        id,
        method: m.method,
        ...(m.params === undefined ? {} : { params: m.params }),
      };
    case "notification":
      if (m.method === "notifications/cancelled") {
        return { jsonrpc: "2.0", method: m.method, params: { requestId: idFor(m.idKind, m.cancelTarget) } };
      }
      return { jsonrpc: "2.0", method: m.method, ...(m.params === undefined ? {} : { params: m.params }) };
    case "envelope":
      return { jsonrpc: "2.0", id, method: "ping", ...m.extra };
    case "response":
      return m.idKind % 2 === 0
        ? { jsonrpc: "2.0", id, result: m.junk }
        : { jsonrpc: "2.0", id, error: m.junk };
    case "junk":
      return m.junk;
  }
}

function isUsableId(id: unknown): id is string | number {
  return typeof id === "string" || Number.isSafeInteger(id);
}

/** What the router must answer to what was sent: one response per request id, plus anonymous errors. */
function expectations(sent: unknown[]) {
  const ids = new Map<string | number, "exactly-one" | "at-most-one">();
  const cancelled = new Set<unknown>();
  let anonymous = 0;
  for (const m of sent) {
    const record = m as Record<string, unknown> | null;
    if (record?.method === "notifications/cancelled")
      cancelled.add((record.params as { requestId?: unknown })?.requestId);
  }
  for (const m of sent) {
    const kind = fastKind(m) ?? slowKind(m);
    const record = (typeof m === "object" && m !== null && !Array.isArray(m) ? m : {}) as Record<
      string,
      unknown
    >;
    if (kind === "request")
      ids.set(record.id as string | number, cancelled.has(record.id) ? "at-most-one" : "exactly-one");
    if (kind !== "invalid") continue;
    if (!("method" in record) && ("result" in record || "error" in record)) continue;
    if (isUsableId(record.id)) ids.set(record.id, "exactly-one");
    else anonymous++;
  }
  return { ids, anonymous };
}

type Case = typeof testCase extends fc.Arbitrary<infer T> ? T : never;

async function runCase(input: Case) {
  const server = createMcpServer(backend, { onInternalError: () => {} });
  server.onerror = () => {};
  const [peer, serverSide] = InMemoryTransport.createLinkedPair();
  const received: JSONRPCMessage[] = [];
  peer.onmessage = (m) => received.push(m);
  await server.connect(serverSide);
  const sent: unknown[] = [];
  if (input.initializeFirst) {
    sent.push({
      jsonrpc: "2.0",
      id: "init",
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "h", version: "0" } },
    });
  }
  // The generators make JSON values only (no undefined, NaN or -0), as they would arrive off a wire.
  input.messages.forEach((m, i) => {
    sent.push(build(m, i));
  });
  for (const m of sent) await peer.send(m as JSONRPCMessage);
  const expected = expectations(sent);
  const responses = () => received.filter((m) => !("method" in m));
  const required = [...expected.ids.values()].filter((v) => v === "exactly-one").length + expected.anonymous;
  for (let round = 0; round < 50 && responses().length < required; round++) await new Promise(setImmediate);
  await new Promise(setImmediate);
  await peer.close();
  return { received, responses: responses(), expected };
}

/** Returns what is wrong with the router's answers, or `undefined` (plain code: chai per message is slow). */
function problemWith(result: Awaited<ReturnType<typeof runCase>>): string | undefined {
  for (const m of result.received) {
    if (!JSONRPCMessageSchema.safeParse(m).success)
      return `malformed message ${JSON.stringify(m).slice(0, 200)}`;
    const error = (m as { error?: { message: string } }).error;
    if (error && /\n\s+at |\/work\/|node_modules/.test(error.message))
      return `leaky error ${error.message.slice(0, 200)}`;
    if (error && error.message.length > 2_000) return `error message of ${error.message.length} characters`;
  }
  const byId = new Map<unknown, number>();
  let anonymous = 0;
  for (const r of result.responses) {
    if ("id" in r && r.id !== undefined) byId.set(r.id, (byId.get(r.id) ?? 0) + 1);
    else anonymous++;
  }
  if (anonymous !== result.expected.anonymous)
    return `${anonymous} responses without id, expected ${result.expected.anonymous}`;
  for (const [id, rule] of result.expected.ids) {
    const count = byId.get(id) ?? 0;
    if (rule === "exactly-one" ? count !== 1 : count > 1)
      return `${count} responses to ${String(id).slice(0, 40)}`;
  }
  for (const id of byId.keys()) {
    if (!result.expected.ids.has(id as string | number))
      return `a response to ${String(id).slice(0, 40)}, which was no request`;
  }
  return undefined;
}

describe("hostile input", () => {
  it("classifies common messages without zod exactly as the SDK does", () => {
    fc.assert(
      fc.property(message, fc.nat(20), (m, i) => {
        const built = JSON.parse(JSON.stringify(build(m, i)) ?? "null");
        const fast = fastKind(built);
        if (fast !== undefined) expect(fast).toBe(slowKind(built));
        expect(slowKind(built) === "request").toBe(isJSONRPCRequest(built));
      }),
      { numRuns: 2_000 },
    );
  });

  it(`answers every request exactly once, well-formed, and never throws (${RUNS} cases)`, async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      await fc.assert(
        fc.asyncProperty(testCase, async (input) => {
          const problem = problemWith(await runCase(input));
          if (problem !== undefined) throw new Error(problem);
        }),
        { numRuns: RUNS },
      );
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(unhandled).toEqual([]);
  }, 120_000);
});

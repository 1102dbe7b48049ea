// Generated hostile frames of MCP 2026-07-28 for the wire-level property test: requests with the
// per-request `_meta` envelope intact, naming other revisions, broken or missing; MRTR retries with
// forged, foreign-typed or truncated `requestState` and `inputResponses` of every JSON type;
// `subscriptions/listen` requests with valid and hostile filters (streams that stay open); 2026
// batches; and, mixed in, the 2025 generator's frames (hostile-frames.ts). Each frame says which
// ids must get exactly one answer and which may get at most one, like the 2025 frames.
import fc from "fast-check";
import { type Frame, type FrameSpec, frameFrom, frameSpec, KNOWN_METHODS } from "./hostile-frames.js";
import { envelope } from "./modern-wires.js";

const anyJson = fc.jsonValue({ maxDepth: 3 });

/** The valid envelope (compared by identity: the generator hands out this very object). */
const VALID = envelope();

/** The `_meta` of a request: mostly a valid envelope, else one broken in a way a client may break it. */
const meta = fc.oneof(
  { weight: 8, arbitrary: fc.constant(VALID) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom("2099-01-01", "2025-11-25", "2025-06-18", "", "2026-07-28\n", "x".repeat(300))
      .map((version) => envelope(version)),
  },
  {
    weight: 2,
    arbitrary: fc
      // The two required keys (clientInfo is optional).
      .constantFrom("io.modelcontextprotocol/clientCapabilities", "io.modelcontextprotocol/protocolVersion")
      .map((key) => {
        const broken: Record<string, unknown> = { ...envelope() };
        delete broken[key];
        return broken;
      }),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom("io.modelcontextprotocol/protocolVersion", "io.modelcontextprotocol/clientInfo"),
        anyJson,
      )
      .map(([key, value]) => ({ ...envelope(), [key]: value })),
  },
  { weight: 1, arbitrary: anyJson },
);

const modernMethod = fc.constantFrom(...KNOWN_METHODS, "server/discover", "initialize", "no/such/method");

const modernParams = fc.oneof(
  fc.constant({ name: "echo", arguments: { text: "hi" } }),
  fc.record({ name: fc.oneof(fc.constantFrom("echo", "nope"), anyJson), arguments: anyJson }),
  fc.record({ uri: fc.oneof(fc.constantFrom("hello://greeting", "::"), anyJson) }),
  fc.record({ cursor: anyJson }),
  fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 }),
);

/** A `requestState`: a forged, truncated or foreign-typed one (never a valid seal). */
const requestState = fc.oneof(
  fc.constantFrom("v1.", "v1.AAAA.BBBB", "v2.x", "", "v1.".padEnd(5000, "A")),
  fc.string({ maxLength: 60 }),
  anyJson,
);

/** `inputResponses` of every JSON type, and objects of answers right and wrong. */
const inputResponses = fc.oneof(
  anyJson,
  fc.dictionary(fc.constantFrom("0", "1", "q", "user_name"), anyJson, { maxKeys: 3 }),
);

const listenFilter = fc.oneof(
  fc.constant({ toolsListChanged: true }),
  fc.constant({ resourceSubscriptions: ["hello://greeting"] }),
  fc.constant({ promptsListChanged: true, resourcesListChanged: true }),
  fc.constant({}),
  anyJson,
);

const modernSpec = fc.oneof(
  {
    weight: 30,
    arbitrary: fc.record({
      kind: fc.constant("modern-request"),
      method: modernMethod,
      params: modernParams,
      meta,
    }),
  },
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant("modern-retry"),
      requestState: fc.option(requestState, { nil: undefined }),
      inputResponses: fc.option(inputResponses, { nil: undefined }),
    }),
  },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("modern-listen"), filter: listenFilter, meta }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("modern-batch"),
      methods: fc.array(modernMethod, { minLength: 0, maxLength: 4 }),
    }),
  },
);

/** The frames of one 2026 case: 1–10 specs (2025 frames mixed in through `legacy-frame`). */
export const modernFrameSpecs = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: modernSpec },
    { weight: 1, arbitrary: frameSpec.map((legacy) => ({ kind: "legacy-frame" as const, legacy })) },
  ),
  { minLength: 1, maxLength: 10 },
);

/** A 2026 frame spec as generated. */
export type ModernFrameSpec = typeof modernFrameSpecs extends fc.Arbitrary<(infer T)[]> ? T : never;

/** The error codes a request whose envelope is not a valid 2026-07-28 one may be answered with (-32600: a `_meta` that is no object makes it no JSON-RPC request at all). */
export const ENVELOPE_REFUSALS = [-32022, -32602, -32020, -32600];

/** A built frame, and what its answers must be beyond the 2025 frame's rules. */
export interface ModernFrame extends Frame {
  /** Listen ids in it (the runner cancels their streams at the end of a case). */
  listens: string[];
  /** Ids whose one answer must be an error with one of these codes. */
  refusals: Map<string, number[]>;
  /** A JSON array: it must be refused with one -32600 answer carrying id null. */
  batch: boolean;
}

const text = (value: unknown) => Buffer.from(JSON.stringify(value));

/** Builds the frame of `s`, its request ids made unique with `idPrefix`. */
export function modernFrameFrom(s: ModernFrameSpec, idPrefix: string): ModernFrame {
  const must: string[] = [];
  const may = new Map<string, number>();
  const listens: string[] = [];
  const refusals = new Map<string, number[]>();
  const frame = (bytes: Buffer, batch = false): ModernFrame => ({
    kind: s.kind,
    bytes,
    must,
    may,
    mayClose: false,
    listens,
    refusals,
    batch,
  });
  switch (s.kind) {
    case "modern-request":
      must.push(idPrefix);
      // `initialize` without a valid claim is the 2025 handshake: HTTP may open a session for it.
      if (s.meta !== VALID && s.method !== "initialize") refusals.set(idPrefix, ENVELOPE_REFUSALS);
      return frame(
        text({ jsonrpc: "2.0", id: idPrefix, method: s.method, params: { ...s.params, _meta: s.meta } }),
      );
    case "modern-retry":
      must.push(idPrefix);
      // A forged state, or answers that are no object, are refused (never "no answer yet").
      if (
        s.requestState !== undefined ||
        (s.inputResponses !== undefined && !isPlainObject(s.inputResponses))
      ) {
        refusals.set(idPrefix, [-32602]);
      }
      return frame(
        text({
          jsonrpc: "2.0",
          id: idPrefix,
          method: "tools/call",
          params: {
            name: "echo",
            arguments: { text: "again" },
            ...(s.requestState === undefined ? {} : { requestState: s.requestState }),
            ...(s.inputResponses === undefined ? {} : { inputResponses: s.inputResponses }),
            _meta: envelope(),
          },
        }),
      );
    case "modern-listen":
      // Acknowledged with a notification (the stream stays open), or refused / closed at once
      // with an answer carrying the id: at most one answer either way.
      may.set(idPrefix, 1);
      listens.push(idPrefix);
      return frame(
        text({
          jsonrpc: "2.0",
          id: idPrefix,
          method: "subscriptions/listen",
          params: { notifications: s.filter, _meta: s.meta },
        }),
      );
    case "modern-batch":
      // MCP has no batches: one refusal with id null, on every wire.
      return frame(
        text(
          s.methods.map((method: string, i: number) => ({
            jsonrpc: "2.0",
            id: `${idPrefix}.${i}`,
            method,
            params: { _meta: envelope() },
          })),
        ),
        true,
      );
    case "legacy-frame": {
      const legacy = frameFrom((s as { legacy: FrameSpec }).legacy, idPrefix);
      return { ...legacy, listens, refusals, batch: false };
    }
  }
}

function isPlainObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

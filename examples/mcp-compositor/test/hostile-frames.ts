// Generated hostile frames for the wire-level property test: requests (valid, wrong types, unknown
// methods), notifications, malformed JSON, invalid UTF-8, batches, deep nesting, duplicate ids,
// empty frames and oversized ones. Each frame says which request ids in it must get exactly one
// answer and which may get at most one, and whether the wire may close over it.
import fc from "fast-check";

/** A frame and what its answers may be. */
export interface Frame {
  kind: string;
  bytes: Buffer;
  /** Ids that must be answered exactly once. */
  must: string[];
  /** Ids that may be answered, at most `count` times each. */
  may: Map<string, number>;
  /** The wire may end the connection over this frame (a WebSocket refusing invalid UTF-8 or an oversized frame). */
  mayClose: boolean;
}

/** Just over every wire's 4 MiB message limit. */
const OVERSIZED = "o".repeat(4 * 1024 * 1024 + 16);

/** The methods `hello` answers on the 2025 wire (the 2026 generator adds its own). */
export const KNOWN_METHODS = [
  "ping",
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/read",
  "resources/templates/list",
  "prompts/list",
  "prompts/get",
  "completion/complete",
  "logging/setLevel",
];

const hostileValue = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom(2 ** 53 + 2, -1e308, 0.5, "", "echo", "hello://greeting", null) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 50 }) },
);

const params = fc.oneof(
  fc.record({
    name: fc.oneof(fc.constantFrom("echo", "add", "nope"), hostileValue),
    arguments: fc.oneof(
      fc.record({ text: fc.oneof(fc.string({ unit: "grapheme", maxLength: 200 }), hostileValue) }),
      fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 4 }),
      hostileValue,
    ),
  }),
  fc.record({ uri: fc.oneof(fc.constantFrom("hello://greeting", "hello://nope", "::"), hostileValue) }),
  fc.record({ level: fc.oneof(fc.constantFrom("debug", "loud"), hostileValue) }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 4 }),
  hostileValue,
);

const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KNOWN_METHODS) },
  { weight: 1, arbitrary: fc.constantFrom("no/such/method", "initialize", "notifications/initialized", "") },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

/** What to build; ids are filled in by {@link frameFrom}. */
const spec = fc.oneof(
  { weight: 40, arbitrary: fc.record({ kind: fc.constant("request"), method, params }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("notification"), method, params }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("wrong-types"),
      shape: fc.constantFrom<Record<string, unknown>>(
        { jsonrpc: "1.0" },
        { jsonrpc: 2 },
        { method: 5 },
        { params: 7 },
        { method: null },
      ),
      method,
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant("truncated"),
      method,
      params,
      cut: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("invalid-utf8"),
      method,
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      bytes: fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("batch"),
      methods: fc.array(method, { minLength: 0, maxLength: 5 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("deep"), depth: fc.integer({ min: 100, max: 200_000 }) }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("duplicate-id"), method }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("empty"),
      text: fc.constantFrom("", " ", "{}", "[]", "null", "42", '"x"'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("oversized") }) },
);

/** One frame spec (the 2026 generator mixes these in). */
export const frameSpec = spec;

/** The frames of one case: 1–12 specs. */
export const frameSpecs = fc.array(spec, { minLength: 1, maxLength: 12 });

/** A frame spec as generated. */
export type FrameSpec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

const text = (value: unknown) => Buffer.from(JSON.stringify(value));
const request = (id: string, m: string, p: unknown) =>
  ({ jsonrpc: "2.0", id, method: m, ...(p === undefined ? {} : { params: p }) }) as const;

/** Builds the frame of `s`, its request ids made unique with `idPrefix`. */
export function frameFrom(s: FrameSpec, idPrefix: string): Frame {
  const must: string[] = [];
  const may = new Map<string, number>();
  const frame = (bytes: Buffer, mayClose = false): Frame => ({ kind: s.kind, bytes, must, may, mayClose });
  switch (s.kind) {
    case "request":
      // A request with an id always gets its one answer, whatever its method and params.
      must.push(idPrefix);
      return frame(text(request(idPrefix, s.method, s.params)));
    case "notification":
      return frame(text({ jsonrpc: "2.0", method: s.method, params: s.params }));
    case "wrong-types":
      may.set(idPrefix, 1);
      return frame(
        text({
          ...request(idPrefix, typeof s.method === "string" ? s.method : "ping", undefined),
          ...s.shape,
        }),
      );
    case "truncated": {
      const whole = JSON.stringify(request(idPrefix, s.method, s.params));
      // Cut anywhere: the text may happen to stay valid JSON of another shape (then it may be answered).
      may.set(idPrefix, 1);
      return frame(Buffer.from(whole.slice(0, Math.floor(whole.length * s.cut))));
    }
    case "invalid-utf8": {
      const whole = text(request(idPrefix, s.method, { text: "abc" }));
      const at = Math.floor(whole.length * s.at);
      may.set(idPrefix, 1);
      return frame(Buffer.concat([whole.subarray(0, at), Buffer.from(s.bytes), whole.subarray(at)]), true);
    }
    case "batch":
      for (let i = 0; i < s.methods.length; i++) may.set(`${idPrefix}.${i}`, 1);
      return frame(text(s.methods.map((m: string, i: number) => request(`${idPrefix}.${i}`, m, undefined))));
    case "deep":
      may.set(idPrefix, 1);
      return frame(
        Buffer.from(
          `{"jsonrpc":"2.0","id":"${idPrefix}","method":"ping","params":{"x":${"[".repeat(s.depth)}${"]".repeat(s.depth)}}}`,
        ),
      );
    case "duplicate-id": {
      // The same id twice in one frame pair: each copy may be answered.
      may.set(idPrefix, 2);
      const one = JSON.stringify(request(idPrefix, s.method, undefined));
      return frame(Buffer.from(`[${one},${one}]`));
    }
    case "empty":
      return frame(Buffer.from(s.text));
    case "oversized":
      may.set(idPrefix, 1);
      return frame(
        text(request(idPrefix, "tools/call", { name: "echo", arguments: { text: OVERSIZED } })),
        true,
      );
  }
}

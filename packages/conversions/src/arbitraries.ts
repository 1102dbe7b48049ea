// fast-check arbitraries of WIT values, shared by the conversion tests (not exported by the package).
import type { Capabilities, Client, Content, Runtime, Types } from "@wasi-mcp/bindings";
import fc from "fast-check";

const opt = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const text = fc.string({ maxLength: 30 });
const nonEmpty = fc.string({ minLength: 1, maxLength: 20 });
const uri = fc.webUrl();
const bytes = fc.uint8Array({ maxLength: 48 });
const u32 = fc.nat({ max: 2 ** 32 - 1 });
const json = fc.jsonValue({ maxDepth: 2 });

/** Canonical JSON text (what `JSON.stringify` of the parsed value gives back). */
export const jsonText = json.map((value) => JSON.stringify(value));
/** Canonical JSON text of an object. */
export const jsonObjectText = fc.dictionary(text, json, { maxKeys: 4 }).map((value) => JSON.stringify(value));
const objectSchemaText = fc
  .dictionary(text, json, { maxKeys: 3 })
  .map((rest) => JSON.stringify({ ...rest, type: "object" }));

export const role = fc.constantFrom<Content.Role>("user", "assistant");
export const logLevel = fc.constantFrom<Content.LogLevel>(
  "debug",
  "info",
  "notice",
  "warning",
  "error",
  "critical",
  "alert",
  "emergency",
);

const annotations = opt(
  fc.record(
    {
      audience: fc.array(role, { maxLength: 2 }),
      priority: fc.double({ min: 0, max: 1, noNaN: true }),
      lastModified: fc.constant("2026-11-25T00:00:00Z"),
    },
    { requiredKeys: [] },
  ),
);

export const resourceContents: fc.Arbitrary<Content.ResourceContents> = fc.oneof(
  fc.record({ tag: fc.constant("text" as const), val: fc.record({ uri, mimeType: opt(text), text }) }),
  fc.record({ tag: fc.constant("blob" as const), val: fc.record({ uri, mimeType: opt(text), blob: bytes }) }),
);

const textBlock = fc.record({ tag: fc.constant("text" as const), val: fc.record({ text, annotations }) });
const mediaBlock = fc.record({
  tag: fc.constantFrom("image" as const, "audio" as const),
  val: fc.record({ data: bytes, mimeType: fc.constantFrom("image/png", "audio/wav"), annotations }),
});

/** Content allowed in sampling: text, image, audio. */
export const samplingContent: fc.Arbitrary<Content.ContentBlock> = fc.oneof(textBlock, mediaBlock);

export const contentBlock: fc.Arbitrary<Content.ContentBlock> = fc.oneof(
  textBlock,
  mediaBlock,
  fc.record({
    tag: fc.constant("embedded-resource" as const),
    val: fc.record({ resource: resourceContents, annotations }),
  }),
  fc.record({
    tag: fc.constant("resource-link" as const),
    val: fc.record({
      uri,
      name: text,
      title: opt(text),
      description: opt(text),
      mimeType: opt(text),
      size: opt(fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) })),
      annotations,
    }),
  }),
);

export const promptMessage: fc.Arbitrary<Content.PromptMessage> = fc.record({ role, content: contentBlock });

export const implementation: fc.Arbitrary<Types.Implementation> = fc.record({
  name: text,
  version: text,
  title: opt(text),
});

export const toolDefinition: fc.Arbitrary<Types.ToolDefinition> = fc.record({
  name: nonEmpty,
  title: opt(text),
  description: opt(text),
  inputSchema: objectSchemaText,
  outputSchema: opt(objectSchemaText),
  annotations: opt(
    fc.record({
      title: opt(text),
      readOnlyHint: opt(fc.boolean()),
      destructiveHint: opt(fc.boolean()),
      idempotentHint: opt(fc.boolean()),
      openWorldHint: opt(fc.boolean()),
    }),
  ),
});

export const resourceDefinition: fc.Arbitrary<Types.ResourceDefinition> = fc.record({
  uri,
  name: text,
  title: opt(text),
  description: opt(text),
  mimeType: opt(text),
  size: opt(fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) })),
});

export const resourceTemplate: fc.Arbitrary<Types.ResourceTemplate> = fc.record({
  uriTemplate: nonEmpty.map((s) => `test://${s}/{id}`),
  name: text,
  title: opt(text),
  description: opt(text),
  mimeType: opt(text),
});

export const promptDefinition: fc.Arbitrary<Types.PromptDefinition> = fc.record({
  name: nonEmpty,
  title: opt(text),
  description: opt(text),
  arguments: fc.array(
    fc.record({ name: nonEmpty, title: opt(text), description: opt(text), required: fc.boolean() }),
    { maxLength: 3 },
  ),
});

export const toolResult: fc.Arbitrary<Types.ToolResult> = fc.record({
  content: fc.array(contentBlock, { maxLength: 3 }),
  structuredContent: opt(jsonObjectText),
  isError: fc.boolean(),
});

export const readResourceResult: fc.Arbitrary<Types.ReadResourceResult> = fc.record({
  contents: fc.array(resourceContents, { maxLength: 3 }),
});

export const promptResult: fc.Arbitrary<Types.PromptResult> = fc.record({
  description: opt(text),
  messages: fc.array(promptMessage, { maxLength: 3 }),
});

export const completionReference: fc.Arbitrary<Types.CompletionReference> = fc.oneof(
  fc.record({ tag: fc.constant("prompt" as const), val: text }),
  fc.record({ tag: fc.constant("resource-template" as const), val: text }),
);
export const completionArgument: fc.Arbitrary<Types.CompletionArgument> = fc.record({
  name: text,
  value: text,
});
export const completionResult: fc.Arbitrary<Types.CompletionResult> = fc.record({
  values: fc.array(text, { maxLength: 5 }),
  total: opt(u32),
  hasMore: fc.boolean(),
});

export const elicitationRequest: fc.Arbitrary<Types.ElicitationRequest> = fc.record({
  message: text,
  requestedSchema: fc
    .dictionary(nonEmpty, fc.constantFrom({ type: "string" }, { type: "number" }, { type: "boolean" }), {
      maxKeys: 3,
    })
    .map((properties) => JSON.stringify({ type: "object", properties })),
});

const elicitedValue = fc.oneof(text, fc.integer(), fc.boolean(), fc.array(text, { maxLength: 2 }));
export const elicitationResult: fc.Arbitrary<Types.ElicitationResult> = fc.oneof(
  fc.record({
    action: fc.constant("accept" as const),
    content: opt(fc.dictionary(text, elicitedValue, { maxKeys: 3 }).map((c) => JSON.stringify(c))),
  }),
  fc.record({
    action: fc.constantFrom("decline" as const, "cancel" as const),
    content: fc.constant(undefined),
  }),
);

export const samplingRequest: fc.Arbitrary<Runtime.SamplingRequest> = fc.record({
  messages: fc.array(fc.record({ role, content: samplingContent }), { maxLength: 3 }),
  systemPrompt: opt(text),
  maxTokens: u32,
  temperature: opt(fc.double({ noNaN: true, noDefaultInfinity: true })),
  stopSequences: fc.array(text, { maxLength: 2 }),
  modelPreferences: opt(jsonObjectText),
  metadata: opt(jsonObjectText),
});

export const samplingResult: fc.Arbitrary<Runtime.SamplingResult> = fc.record({
  role,
  content: samplingContent,
  model: text,
  stopReason: opt(text),
});

const experimental = opt(
  fc
    .dictionary(text, fc.dictionary(text, json, { maxKeys: 2 }), { maxKeys: 2 })
    .map((e) => JSON.stringify(e)),
);
export const serverCapabilities: fc.Arbitrary<Capabilities.ServerCapabilities> = fc.record({
  tools: opt(fc.record({ listChanged: fc.boolean() })),
  resources: opt(fc.record({ subscribe: fc.boolean(), listChanged: fc.boolean() })),
  prompts: opt(fc.record({ listChanged: fc.boolean() })),
  logging: fc.boolean(),
  completions: fc.boolean(),
  experimental,
});
export const clientCapabilities: fc.Arbitrary<Capabilities.ClientCapabilities> = fc.record({
  sampling: fc.boolean(),
  elicitation: fc.boolean(),
  roots: fc.boolean(),
  experimental,
});

export const serverInfo: fc.Arbitrary<Runtime.ServerInfo> = fc.record({
  name: text,
  version: text,
  title: opt(text),
  instructions: opt(text),
  capabilities: serverCapabilities,
});

export const initializeResult: fc.Arbitrary<Client.InitializeResult> = fc.record({
  protocolVersion: fc.constantFrom("2025-11-25", "2025-06-18", "2025-03-26"),
  serverInfo: implementation,
  capabilities: serverCapabilities,
  instructions: opt(text),
});

export const notification: fc.Arbitrary<Runtime.Notification> = fc.oneof(
  fc.constantFrom<Runtime.Notification>(
    { tag: "tools-list-changed" },
    { tag: "resources-list-changed" },
    { tag: "prompts-list-changed" },
  ),
  fc.record({ tag: fc.constant("resource-updated" as const), val: uri }),
  fc.record({
    tag: fc.constant("custom" as const),
    val: fc.record({ method: nonEmpty.map((m) => `notifications/custom/${m}`), params: opt(jsonObjectText) }),
  }),
);

export const progressToken: fc.Arbitrary<Types.ProgressToken> = fc.oneof(
  fc.record({ tag: fc.constant("string" as const), val: text }),
  fc.record({
    tag: fc.constant("integer" as const),
    val: fc.bigInt({ min: -BigInt(Number.MAX_SAFE_INTEGER), max: BigInt(Number.MAX_SAFE_INTEGER) }),
  }),
);

export const requestContext: fc.Arbitrary<Types.RequestContext> = fc
  .record({
    requestId: fc.oneof(text, fc.maxSafeInteger()).map((id) => JSON.stringify(id)),
    sessionId: opt(text),
    meta: opt(fc.dictionary(fc.constantFrom("a", "b"), json, { maxKeys: 2 })),
    token: opt(fc.oneof(text, fc.maxSafeInteger())),
  })
  .map(({ requestId, sessionId, meta, token }) => {
    const fullMeta = token === undefined ? meta : { ...meta, progressToken: token };
    return {
      requestId,
      sessionId,
      progressToken:
        token === undefined
          ? undefined
          : typeof token === "string"
            ? { tag: "string" as const, val: token }
            : { tag: "integer" as const, val: BigInt(token) },
      meta: fullMeta === undefined ? undefined : JSON.stringify(fullMeta),
    };
  });

export const guestError: fc.Arbitrary<Types.Error> = fc.record({
  code: fc.constantFrom<Types.ErrorCode>(
    "parse-error",
    "invalid-request",
    "method-not-found",
    "invalid-params",
    "internal-error",
    "resource-not-found",
    "unsupported-operation",
    "unauthorized",
    "timeout",
    "cancelled",
  ),
  message: text,
  data: opt(jsonText),
});

/** Normalises `undefined` optionals, bytes and bigints so WIT values compare structurally. */
export function normalise(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v) => {
      if (v instanceof Uint8Array) return Array.from(v);
      if (typeof v === "bigint") return `${v}n`;
      return v;
    }),
  );
}

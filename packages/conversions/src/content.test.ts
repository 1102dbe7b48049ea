import type { Content } from "@wasi-mcp/bindings";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentBlockFromMcp, contentBlockToMcp, resourceContentsToMcp } from "./content.js";
import { HostError } from "./errors.js";

const role = fc.constantFrom<Content.Role>("user", "assistant");
const annotations = fc.option(
  fc.record(
    {
      audience: fc.array(role, { maxLength: 2 }),
      priority: fc.double({ min: 0, max: 1, noNaN: true }),
      lastModified: fc.constant("2026-11-25T00:00:00Z"),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const bytes = fc.uint8Array({ maxLength: 64 });
const resourceContents: fc.Arbitrary<Content.ResourceContents> = fc.oneof(
  fc.record({
    tag: fc.constant("text" as const),
    val: fc.record({
      uri: fc.webUrl(),
      mimeType: fc.option(fc.string(), { nil: undefined }),
      text: fc.string(),
    }),
  }),
  fc.record({
    tag: fc.constant("blob" as const),
    val: fc.record({ uri: fc.webUrl(), mimeType: fc.option(fc.string(), { nil: undefined }), blob: bytes }),
  }),
);
const block: fc.Arbitrary<Content.ContentBlock> = fc.oneof(
  fc.record({ tag: fc.constant("text" as const), val: fc.record({ text: fc.string(), annotations }) }),
  fc.record({
    tag: fc.constantFrom("image" as const, "audio" as const),
    val: fc.record({ data: bytes, mimeType: fc.constantFrom("image/png", "audio/wav"), annotations }),
  }),
  fc.record({
    tag: fc.constant("embedded-resource" as const),
    val: fc.record({ resource: resourceContents, annotations }),
  }),
  fc.record({
    tag: fc.constant("resource-link" as const),
    val: fc.record({
      uri: fc.webUrl(),
      name: fc.string(),
      title: fc.option(fc.string(), { nil: undefined }),
      description: fc.option(fc.string(), { nil: undefined }),
      mimeType: fc.option(fc.string(), { nil: undefined }),
      size: fc.option(fc.bigInt({ min: 0n, max: 2n ** 50n }), { nil: undefined }),
      annotations,
    }),
  }),
);

/** Normalises `undefined` optionals and typed arrays so WIT values compare structurally. */
function normalise(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v) => {
      if (v instanceof Uint8Array) return Array.from(v);
      if (typeof v === "bigint") return `${v}n`;
      return v;
    }),
  );
}

describe("content blocks", () => {
  it("round-trip WIT -> MCP -> WIT for every variant", () => {
    fc.assert(
      fc.property(block, (wit) => {
        expect(normalise(contentBlockFromMcp(contentBlockToMcp(wit), "block"))).toEqual(normalise(wit));
      }),
    );
  });

  it("base64-encodes image bytes and omits absent optionals", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    expect(contentBlockToMcp({ tag: "image", val: { data: png, mimeType: "image/png" } })).toEqual({
      type: "image",
      data: "iVBORw==",
      mimeType: "image/png",
    });
  });

  it("maps embedded resources to MCP `resource` items", () => {
    const wit: Content.ContentBlock = {
      tag: "embedded-resource",
      val: { resource: { tag: "text", val: { uri: "test://x", mimeType: "text/plain", text: "hi" } } },
    };
    expect(contentBlockToMcp(wit)).toEqual({
      type: "resource",
      resource: { uri: "test://x", mimeType: "text/plain", text: "hi" },
    });
  });

  it("keeps blob resource contents binary-exact", () => {
    const blob = new Uint8Array([0, 255, 128]);
    expect(resourceContentsToMcp({ tag: "blob", val: { uri: "test://b", blob } })).toEqual({
      uri: "test://b",
      blob: "AP+A",
    });
  });

  it("rejects an unknown MCP content type, naming the field", () => {
    const bogus = { type: "video", data: "" } as unknown as Parameters<typeof contentBlockFromMcp>[0];
    expect(() => contentBlockFromMcp(bogus, "messages[2].content")).toThrowError(HostError);
    expect(() => contentBlockFromMcp(bogus, "messages[2].content")).toThrowError(/messages\[2\]\.content/);
  });
});

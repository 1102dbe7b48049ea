import type { Content } from "@wasi-mcp/bindings";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentBlock as block, normalise } from "./arbitraries.js";
import { contentBlockFromMcp, contentBlockToMcp, resourceContentsToMcp } from "./content.js";
import { HostError } from "./errors.js";

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

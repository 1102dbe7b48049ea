import { describe, expect, it } from "vitest";
import { promptToMcp, resourceToMcp, toolToMcp } from "./definitions.js";
import { HostError } from "./errors.js";

describe("tool definitions", () => {
  it("passes schemas through unchanged, including $schema, $defs and additionalProperties", () => {
    const schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      $defs: { address: { type: "object", properties: { street: { type: "string" } } } },
      properties: { address: { $ref: "#/$defs/address" } },
      additionalProperties: false,
    };
    const tool = toolToMcp({ name: "t", inputSchema: JSON.stringify(schema) }, "tools[0]");
    expect(tool).toEqual({ name: "t", inputSchema: schema });
  });

  it("names the field when a schema is not JSON", () => {
    expect(() => toolToMcp({ name: "t", inputSchema: "{nope" }, "tools[3]")).toThrowError(
      /tools\[3\]\.inputSchema: invalid JSON text/,
    );
  });

  it("requires object input schemas", () => {
    expect(() => toolToMcp({ name: "t", inputSchema: '{"type":"string"}' }, "tools[0]")).toThrowError(
      /must have "type": "object"/,
    );
    expect(() => toolToMcp({ name: "t", inputSchema: "[]" }, "tools[0]")).toThrowError(
      /expected a JSON object/,
    );
  });

  it("keeps annotations and drops absent hints", () => {
    const tool = toolToMcp(
      { name: "t", inputSchema: '{"type":"object"}', annotations: { readOnlyHint: true } },
      "tools[0]",
    );
    expect(tool.annotations).toEqual({ readOnlyHint: true });
  });
});

describe("resource and prompt definitions", () => {
  it("rejects a resource URI that is not absolute", () => {
    const error = (() => {
      try {
        resourceToMcp({ uri: "relative/path", name: "r" }, "resources[0]");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).field).toBe("resources[0].uri");
  });

  it("converts sizes to numbers", () => {
    expect(resourceToMcp({ uri: "test://a", name: "a", size: 12n }, "r")).toEqual({
      uri: "test://a",
      name: "a",
      size: 12,
    });
  });

  it("converts prompt arguments", () => {
    expect(
      promptToMcp({ name: "p", arguments: [{ name: "x", required: true, description: "d" }] }, "prompts[0]"),
    ).toEqual({ name: "p", arguments: [{ name: "x", required: true, description: "d" }] });
  });
});

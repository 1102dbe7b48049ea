import { describe, expect, it } from "vitest";
import { mcpHeader } from "./param-header.js";

describe("mcpHeader", () => {
  it("marks a primitive parameter with x-mcp-header", () => {
    expect(mcpHeader("Region", { type: "string", description: "where" })).toEqual({
      type: "string",
      description: "where",
      "x-mcp-header": "Region",
    });
  });

  it("refuses a name that is no header token and a parameter that is not a primitive", () => {
    expect(() => mcpHeader("Bad Name", { type: "string" })).toThrow(/RFC 9110 token/);
    expect(() => mcpHeader("Tags", { type: "array" })).toThrow(/string, integer or boolean/);
  });
});

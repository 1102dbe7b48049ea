import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { prompt, resourceTemplate, tool } from "./definitions.js";
import { compileUriTemplate } from "./uri-template.js";

describe("typed definitions", () => {
  it("types tool arguments from a JSON Schema literal", () => {
    tool({
      name: "t",
      input: {
        type: "object",
        properties: {
          a: { type: "number" },
          tags: { type: "array", items: { type: "string" } },
          mode: { enum: ["x", "y"] },
        },
        required: ["a"],
      },
      handler: (args) => {
        expectTypeOf(args).toEqualTypeOf<{ a: number; tags?: string[]; mode?: "x" | "y" }>();
        return "";
      },
    });
  });

  it("types tool arguments from a zod schema (its output type)", () => {
    tool({
      name: "t",
      input: z.object({ n: z.number(), s: z.string().default("d") }),
      handler: (args) => {
        expectTypeOf(args).toEqualTypeOf<{ n: number; s: string }>();
        return "";
      },
    });
  });

  it("types prompt arguments and template variables", () => {
    prompt({
      name: "p",
      arguments: [{ name: "must", required: true }, { name: "may" }],
      handler: (args) => {
        expectTypeOf(args).toEqualTypeOf<{ must: string } & { may?: string }>();
        // @ts-expect-error: not an argument of this prompt
        args.other;
        return "";
      },
    });
    prompt({
      name: "q",
      arguments: [{ name: "tag", required: true, complete: (value: string) => [value] }],
      handler: (args) => {
        expectTypeOf(args.tag).toEqualTypeOf<string>();
        return "";
      },
    });
    resourceTemplate({
      uriTemplate: "x://{owner}/{+path}",
      name: "t",
      handler: (_uri, vars) => {
        expectTypeOf(vars).toEqualTypeOf<Record<"owner" | "path", string>>();
        return "";
      },
    });
  });
});

describe("compileUriTemplate", () => {
  it("matches one segment per simple variable, percent-decoded", () => {
    const m = compileUriTemplate("test://template/{id}/data");
    expect(m.match("test://template/123/data")).toEqual({ id: "123" });
    expect(m.match("test://template/a%20b/data")).toEqual({ id: "a b" });
    expect(m.match("test://template/1/2/data")).toBeUndefined();
    expect(m.match("test://template/123/data?x")).toBeUndefined();
  });

  it("lets a reserved variable span slashes and escapes literal regex characters", () => {
    expect(compileUriTemplate("file:///data/{+path}").match("file:///data/a/b.txt")).toEqual({
      path: "a/b.txt",
    });
    expect(compileUriTemplate("x://a.b/{id}").match("x://aXb/1")).toBeUndefined();
  });
});

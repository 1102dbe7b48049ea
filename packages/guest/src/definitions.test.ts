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
        expectTypeOf(vars).toEqualTypeOf<{ owner: string; path: string }>();
        return "";
      },
    });
    resourceTemplate({
      uriTemplate: "x://items{/kind,id}{.ext}{?page,size}{&sort}{#part}",
      name: "every operator",
      handler: (_uri, vars) => {
        expectTypeOf(vars.kind).toEqualTypeOf<string>();
        expectTypeOf(vars.ext).toEqualTypeOf<string>();
        expectTypeOf(vars.part).toEqualTypeOf<string>();
        expectTypeOf(vars.page).toEqualTypeOf<string | undefined>();
        expectTypeOf(vars.sort).toEqualTypeOf<string | undefined>();
        // @ts-expect-error: not a variable of this template
        vars.other;
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

  it.each([
    ["fragment", "page{#section}", "page#a/b", { section: "a/b" }],
    ["path segments", "files{/dir,name}", "files/docs/a%20b.txt", { dir: "docs", name: "a b.txt" }],
    ["label", "doc{.ext}", "doc.json", { ext: "json" }],
    ["path parameter", "map{;x,y}", "map;x=1;y=2", { x: "1", y: "2" }],
    ["query", "items{?page,size}", "items?page=2&size=10", { page: "2", size: "10" }],
    ["query, reordered", "items{?page,size}", "items?size=10&page=2", { page: "2", size: "10" }],
    ["query, one left out", "items{?page,size}", "items?size=10", { size: "10" }],
    ["query, all left out", "items{?page}", "items", {}],
    ["query continuation", "items{?page}{&size}", "items?page=1&size=5", { page: "1", size: "5" }],
    ["query value decoded", "search{?q}", "search?q=a%2Fb%20c", { q: "a/b c" }],
    ["prefix modifier", "x/{id:3}", "x/abc", { id: "abc" }],
  ])("matches the %s operator", (_what, template, uri, expected) => {
    expect(compileUriTemplate(template).match(uri)).toEqual(expected);
  });

  it.each([
    ["a simple variable across a slash", "x/{id}", "x/1/2"],
    ["another path", "items{?page}", "other?page=1"],
    ["a label without its dot", "doc{.ext}", "docjson"],
  ])("does not match %s", (_what, template, uri) => {
    expect(compileUriTemplate(template).match(uri)).toBeUndefined();
  });

  it("refuses explode modifiers, naming the expression", () => {
    expect(() => compileUriTemplate("l{/list*}")).toThrow(
      "resource template l{/list*}: the explode modifier in {/list*} is not supported",
    );
  });
});

// Resource templates with every RFC 6570 operator MCP clients use, in a component built with
// `wasi-mcp-build` and read through the host by a real SDK client: the kit's matcher runs inside
// the component (StarlingMonkey), not only in Node.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD_AND_SERVE_BUDGET_MS, type BuiltComponent, buildAndServe } from "./built-component.js";

const SERVER = `
import { defineServer, resourceTemplate } from "@wasi-mcp/guest";

const echo = (uriTemplate: string, name: string) =>
  resourceTemplate({ uriTemplate, name, handler: (_uri, variables) => JSON.stringify(variables) });

export const { run, handlers } = defineServer({
  name: "templates",
  version: "1.0.0",
  resourceTemplates: [
    echo("t://simple/{id}", "simple"),
    echo("t://reserved/{+path}", "reserved"),
    echo("t://fragment{#part}", "fragment"),
    echo("t://segments{/dir,name}", "segments"),
    echo("t://label/file{.ext}", "label"),
    echo("t://items{?page,size}", "query"),
    echo("t://list{?page}{&sort}", "continuation"),
  ],
});
`;

describe("URI templates in a built component", () => {
  let built: BuiltComponent | undefined;
  beforeAll(async () => {
    built = await buildAndServe(SERVER, ["-o", "server.wasm"]);
  }, BUILD_AND_SERVE_BUDGET_MS);
  afterAll(async () => {
    await built?.close();
  });

  async function variablesOf(uri: string): Promise<unknown> {
    if (!built) throw new Error("not built (see beforeAll)");
    const { contents } = await built.client.readResource({ uri });
    return JSON.parse((contents[0] as { text: string }).text);
  }

  it.each([
    ["t://simple/a%20b", { id: "a b" }],
    ["t://reserved/a/b/c.txt", { path: "a/b/c.txt" }],
    ["t://fragment#intro/2", { part: "intro/2" }],
    ["t://segments/docs/readme.md", { dir: "docs", name: "readme.md" }],
    ["t://label/file.json", { ext: "json" }],
    ["t://items?page=2&size=10", { page: "2", size: "10" }],
    ["t://items?size=10&page=2", { page: "2", size: "10" }],
    ["t://items?size=10", { size: "10" }],
    ["t://items", {}],
    ["t://list?page=1&sort=name", { page: "1", sort: "name" }],
  ])("reads %s", async (uri, expected) => {
    expect(await variablesOf(uri)).toEqual(expected);
  });

  it("answers resource-not-found where no template matches", async () => {
    await expect(variablesOf("t://simple/a/b")).rejects.toMatchObject({ code: -32002 });
  });
});

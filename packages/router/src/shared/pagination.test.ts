import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { paginate } from "./pagination.js";
import { createPlainBackend, type PlainTool } from "./plain-backend.js";
import { type Connection, connect } from "./test-support.js";

const key = (item: { name: string }) => item.name;
const items = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `t${String(i).padStart(3, "0")}` }));

describe("paginate", () => {
  it("serves a short list in one page without a cursor", () => {
    expect(paginate("tools", items(3), undefined, 100, key)).toEqual({ items: items(3) });
  });

  it("walks a long list in stable order and ends without nextCursor", () => {
    const all = items(250);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = paginate("tools", all, cursor, 100, key);
      seen.push(...page.items.map(key));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.map(key));
  });

  it("resumes after the last item served when items were inserted before it", () => {
    const all = items(6);
    const first = paginate("tools", all, undefined, 3, key);
    const grown = [{ name: "new" }, ...all];
    expect(paginate("tools", grown, first.nextCursor, 3, key).items.map(key)).toEqual([
      "t003",
      "t004",
      "t005",
    ]);
  });

  it("rejects cursors that do not decode or belong to another list", () => {
    const cursor = paginate("tools", items(4), undefined, 2, key).nextCursor;
    for (const bad of ["nope", "", Buffer.from('{"k":"tools","i":-1,"a":""}').toString("base64url")]) {
      expect(() => paginate("tools", items(4), bad, 2, key)).toThrowError(/Invalid cursor for tools\/list/);
    }
    expect(() => paginate("prompts", items(4), cursor, 2, key)).toThrowError(
      /Invalid cursor for prompts\/list/,
    );
  });
});

describe("list methods over the protocol", () => {
  let connection: Connection;
  afterEach(async () => connection?.close());

  const tool = (name: string): PlainTool => ({
    name,
    inputSchema: { type: "object" },
    call: () => ({ content: [] }),
  });

  it("pages tools/list with the configured page size and answers bad cursors with -32602", async () => {
    const backend = createPlainBackend({
      name: "p",
      version: "1",
      tools: items(25).map((t) => tool(t.name)),
    });
    connection = await connect(backend, { server: { pageSize: 10 } });
    const first = await connection.client.listTools();
    expect(first.tools).toHaveLength(10);
    const second = await connection.client.listTools({ cursor: first.nextCursor as string });
    const third = await connection.client.listTools({ cursor: second.nextCursor as string });
    expect(third.tools.map((t) => t.name)).toEqual(items(25).slice(20).map(key));
    expect(third.nextCursor).toBeUndefined();
    await expect(connection.client.listTools({ cursor: "garbage" })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
  });

  it("pages resources, templates and prompts too", async () => {
    const read = () => ({ contents: [] });
    const backend = createPlainBackend({
      name: "p",
      version: "1",
      resources: Array.from({ length: 3 }, (_, i) => ({ uri: `r://${i}`, name: `r${i}`, read })),
      resourceTemplates: Array.from({ length: 3 }, (_, i) => ({
        uriTemplate: `t${i}://{x}`,
        name: `t${i}`,
        read,
      })),
      prompts: Array.from({ length: 3 }, (_, i) => ({ name: `p${i}`, get: () => ({ messages: [] }) })),
    });
    connection = await connect(backend, { server: { pageSize: 2 } });
    const { client } = connection;
    const resources = await client.listResources();
    expect((await client.listResources({ cursor: resources.nextCursor as string })).resources).toHaveLength(
      1,
    );
    const templates = await client.listResourceTemplates();
    expect(templates.resourceTemplates.map((t) => t.name)).toEqual(["t0", "t1"]);
    const prompts = await client.listPrompts();
    expect((await client.listPrompts({ cursor: prompts.nextCursor as string })).prompts[0]?.name).toBe("p2");
    await expect(client.listPrompts({ cursor: resources.nextCursor as string })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
  });
});

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  ErrorCode,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { type Connected, connectComponent as connect } from "@wasi-mcp/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const wasm = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "notes.wasm");

describe("notes component through the host (SDK Client, in memory)", () => {
  let c: Connected;
  const updated: string[] = [];
  let listChanged = 0;

  beforeAll(async () => {
    c = await connect(wasm, {
      setup(client) {
        client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
          updated.push(n.params.uri);
        });
        client.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
          listChanged++;
        });
      },
    });
  });
  afterAll(() => c?.close());

  it("publishes zod schemas as JSON Schema", async () => {
    const { tools } = await c.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["create_note", "update_note", "list_notes", "search_notes"]);
    const create = tools[0];
    expect(create?.inputSchema).toMatchObject({
      type: "object",
      properties: { title: { type: "string", minLength: 1 }, tags: { type: "array" } },
      required: ["title"],
    });
    expect(create?.outputSchema).toMatchObject({ properties: { uri: { type: "string" } } });
  });

  it("creates notes, keeps them across calls, and gives each a resource", async () => {
    const first = await c.client.callTool({
      name: "create_note",
      arguments: { title: "Groceries", body: "milk, eggs", tags: ["home"] },
    });
    expect(first.structuredContent).toEqual({
      id: "1",
      title: "Groceries",
      tags: ["home"],
      uri: "notes://note/1",
    });
    await c.client.callTool({
      name: "create_note",
      arguments: { title: "Wasm ideas", tags: ["work", "wasm"] },
    });
    const { resources } = await c.client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(["notes://index", "notes://note/1", "notes://note/2"]);
    const { contents } = await c.client.readResource({ uri: "notes://note/1" });
    expect(contents).toEqual([
      { uri: "notes://note/1", mimeType: "text/markdown", text: "# Groceries\n\nmilk, eggs\n\nTags: home\n" },
    ]);
    await expect.poll(() => listChanged).toBeGreaterThanOrEqual(2);
  });

  it("lists (structured) and searches (resource links)", async () => {
    const all = await c.client.callTool({ name: "list_notes", arguments: {} });
    expect((all.structuredContent as { notes: unknown[] }).notes).toHaveLength(2);
    const work = await c.client.callTool({ name: "list_notes", arguments: { tag: "work" } });
    expect(work.structuredContent).toEqual({
      notes: [{ id: "2", title: "Wasm ideas", tags: ["work", "wasm"], uri: "notes://note/2" }],
    });
    const found = await c.client.callTool({ name: "search_notes", arguments: { query: "MILK" } });
    expect(found.content).toEqual([
      {
        type: "resource_link",
        uri: "notes://note/1",
        name: "note-1",
        title: "Groceries",
        mimeType: "text/markdown",
      },
    ]);
    expect(
      (await c.client.callTool({ name: "search_notes", arguments: { query: "zebra" } })).content,
    ).toEqual([{ type: "text", text: 'No note matches "zebra"' }]);
  });

  it("validates arguments with zod inside the component: a protocol error", async () => {
    await expect(c.client.callTool({ name: "create_note", arguments: { title: "" } })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
  });

  it("answers an unknown note as a tool error result the model can act on", async () => {
    expect(await c.client.callTool({ name: "update_note", arguments: { id: "99", body: "x" } })).toEqual({
      isError: true,
      content: [{ type: "text", text: "No note 99; list_notes shows the ids that exist" }],
    });
  });

  it("notifies subscribers when a note changes", async () => {
    await c.client.subscribeResource({ uri: "notes://note/1" });
    await c.client.callTool({ name: "update_note", arguments: { id: "1", append: "bread" } });
    await expect.poll(() => updated).toContain("notes://note/1");
    expect((await c.client.readResource({ uri: "notes://note/1" })).contents[0]).toMatchObject({
      text: "# Groceries\n\nmilk, eggs\nbread\n\nTags: home\n",
    });
    await c.client.unsubscribeResource({ uri: "notes://note/1" });
    const before = updated.length;
    await c.client.callTool({ name: "update_note", arguments: { id: "1", title: "Shopping" } });
    expect(updated.slice(before)).not.toContain("notes://note/1");
  });

  it("summarizes a tag's notes in a prompt, completing the tag", async () => {
    const completion = await c.client.complete({
      ref: { type: "ref/prompt", name: "summarize_notes" },
      argument: { name: "tag", value: "w" },
    });
    expect(completion.completion.values).toEqual(["wasm", "work"]);
    const { messages } = await c.client.getPrompt({ name: "summarize_notes", arguments: { tag: "wasm" } });
    expect(messages).toHaveLength(2);
    expect(messages[1]?.content).toMatchObject({ type: "resource", resource: { uri: "notes://note/2" } });
  });
});

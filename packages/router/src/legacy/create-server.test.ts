import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { McpBackend } from "../shared/backend.js";
import { RESOURCE_NOT_FOUND } from "../shared/errors.js";
import { createPlainBackend } from "../shared/plain-backend.js";
import { advertisedCapabilities, createMcpServer } from "./create-server.js";

function demoBackend(): McpBackend {
  return createPlainBackend({
    name: "demo",
    version: "1.2.3",
    instructions: "Use the tools.",
    tools: [
      {
        name: "add",
        inputSchema: {
          type: "object",
          properties: { a: { type: "number" }, b: { type: "number" } },
          required: ["a", "b"],
        },
        outputSchema: { type: "object", properties: { sum: { type: "number" } }, required: ["sum"] },
        call: (args) => {
          const sum = (args.a as number) + (args.b as number);
          return { content: [{ type: "text", text: String(sum) }], structuredContent: { sum } };
        },
      },
      {
        name: "liar",
        inputSchema: { type: "object" },
        outputSchema: { type: "object", properties: { n: { type: "number" } }, required: ["n"] },
        call: () => ({ content: [], structuredContent: { n: "not a number" } }),
      },
      {
        name: "crash",
        inputSchema: { type: "object" },
        call: () => {
          throw new Error("secret /home/user/path exploded");
        },
      },
      {
        name: "strict",
        inputSchema: {
          $schema: "https://json-schema.org/draft/2020-12/schema",
          type: "object",
          $defs: { name: { type: "string", minLength: 1 } },
          properties: { name: { $ref: "#/$defs/name" } },
          additionalProperties: false,
        },
        call: (args) => ({ content: [{ type: "text", text: `hi ${args.name}` }] }),
      },
    ],
    resources: [
      {
        uri: "demo://readme",
        name: "readme",
        mimeType: "text/plain",
        read: (uri) => ({ contents: [{ uri, mimeType: "text/plain", text: "read me" }] }),
      },
    ],
    resourceTemplates: [
      {
        uriTemplate: "demo://items/{id}",
        name: "item",
        read: (uri) => ({ contents: [{ uri, text: `item ${uri.split("/").pop()}` }] }),
      },
    ],
    prompts: [
      {
        name: "greet",
        arguments: [{ name: "who", required: true }, { name: "tone" }],
        get: (args) => ({
          messages: [
            { role: "user", content: { type: "text", text: `greet ${args.who} ${args.tone ?? ""}`.trim() } },
          ],
        }),
      },
    ],
  });
}

describe("createMcpServer with a plain backend", () => {
  let client: Client;
  const hidden: string[] = [];

  beforeEach(async () => {
    const server = createMcpServer(demoBackend(), { onInternalError: (e) => hidden.push(String(e)) });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    client = new Client({ name: "test", version: "0" });
    await client.connect(clientSide);
  });
  afterEach(async () => client.close());

  it("initializes with identity, instructions and derived capabilities", () => {
    expect(client.getServerVersion()).toEqual({ name: "demo", version: "1.2.3" });
    expect(client.getInstructions()).toBe("Use the tools.");
    expect(client.getServerCapabilities()).toEqual({
      tools: { listChanged: true },
      resources: { listChanged: true, subscribe: false },
      prompts: { listChanged: true },
    });
  });

  it("lists tools with their schemas exactly as registered", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["add", "liar", "crash", "strict"]);
    const strict = tools.find((t) => t.name === "strict");
    expect(strict?.inputSchema).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $defs: { name: { type: "string", minLength: 1 } },
      additionalProperties: false,
    });
  });

  it("calls a tool and returns structured content", async () => {
    const result = await client.callTool({ name: "add", arguments: { a: 2, b: 40 } });
    expect(result.content).toEqual([{ type: "text", text: "42" }]);
    expect(result.structuredContent).toEqual({ sum: 42 });
  });

  it("rejects an unknown tool with invalid params", async () => {
    await expect(client.callTool({ name: "nope", arguments: {} })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
      message: expect.stringContaining("Unknown tool: nope"),
    });
  });

  it("validates arguments against the input schema", async () => {
    const error = await client.callTool({ name: "add", arguments: { a: "two" } }).catch((e: McpError) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
    expect((error as McpError).message).toMatch(/Invalid arguments for tool add: .*must be number/);
    await expect(
      client.callTool({ name: "strict", arguments: { name: "x", extra: 1 } }),
    ).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
      message: expect.stringMatching(
        /Invalid arguments for tool strict: must NOT have additional properties$/,
      ),
    });
  });

  it("refuses structured content that breaks the output schema", async () => {
    await expect(client.callTool({ name: "liar", arguments: {} })).rejects.toMatchObject({
      code: ErrorCode.InternalError,
      message: expect.stringMatching(/does not match its output schema/),
    });
  });

  it("hides backend crashes behind an internal error without leaking details", async () => {
    const error = (await client.callTool({ name: "crash", arguments: {} }).catch((e) => e)) as McpError;
    expect(error.code).toBe(ErrorCode.InternalError);
    expect(error.message).not.toContain("/home/user");
    expect(hidden.at(-1)).toContain("exploded");
  });

  it("reads concrete and templated resources, and 404s the rest", async () => {
    expect((await client.readResource({ uri: "demo://readme" })).contents).toEqual([
      { uri: "demo://readme", mimeType: "text/plain", text: "read me" },
    ]);
    expect((await client.readResource({ uri: "demo://items/7" })).contents[0]).toMatchObject({
      text: "item 7",
    });
    await expect(client.readResource({ uri: "demo://nothing" })).rejects.toMatchObject({
      code: RESOURCE_NOT_FOUND,
    });
    expect((await client.listResourceTemplates()).resourceTemplates[0]?.uriTemplate).toBe(
      "demo://items/{id}",
    );
  });

  it("gets prompts and checks required arguments", async () => {
    const prompt = await client.getPrompt({ name: "greet", arguments: { who: "Ada" } });
    expect(prompt.messages[0]?.content).toEqual({ type: "text", text: "greet Ada" });
    await expect(client.getPrompt({ name: "greet", arguments: {} })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
      message: expect.stringContaining("Missing required argument for prompt greet: who"),
    });
    await expect(client.getPrompt({ name: "nope" })).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
  });
});

describe("capabilities and options", () => {
  it("derives capabilities from what the backend implements", () => {
    const base = createPlainBackend({ name: "c", version: "1" });
    const declared = {
      tools: { listChanged: true },
      resources: { subscribe: true, listChanged: false },
      completions: {},
      logging: {},
    };
    expect(advertisedCapabilities({ ...base, complete: undefined }, declared)).toEqual({
      tools: { listChanged: true },
      resources: { subscribe: false, listChanged: false },
      logging: {},
    });
    const full = { ...base, subscribe: async () => {}, unsubscribe: async () => {} };
    expect(advertisedCapabilities(full, declared)).toEqual(declared);
    expect(advertisedCapabilities(full, { resources: {} })).toEqual({ resources: { subscribe: false } });
  });

  it("passes isError results through and can report invalid arguments as a tool error", async () => {
    const backend = createPlainBackend({
      name: "e",
      version: "1",
      tools: [
        {
          name: "fails",
          inputSchema: { type: "object", properties: { n: { type: "number" } } },
          call: () => ({ content: [{ type: "text", text: "no" }], isError: true }),
        },
      ],
    });
    const server = createMcpServer(backend, { invalidArguments: "result" });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "t", version: "0" });
    await client.connect(clientSide);
    expect(await client.callTool({ name: "fails", arguments: {} })).toEqual({
      content: [{ type: "text", text: "no" }],
      isError: true,
    });
    const invalid = await client.callTool({ name: "fails", arguments: { n: "x" } });
    expect(invalid.isError).toBe(true);
    expect((invalid.content as { text: string }[])[0]?.text).toMatch(
      /Invalid arguments for tool fails: .*number/,
    );
    await client.close();
  });

  it("rejects a page size that is not a positive integer", () => {
    expect(() =>
      createMcpServer(createPlainBackend({ name: "x", version: "1" }), { pageSize: 0 }),
    ).toThrowError(/\[@wasi-mcp\/router\] pageSize must be a positive integer/);
  });
});

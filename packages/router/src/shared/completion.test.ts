import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import type { McpBackend } from "./backend.js";
import { createPlainBackend } from "./plain-backend.js";
import { type Connection, connect } from "./test-support.js";

const languages = ["go", "javascript", "python", "rust", "typescript"];
const backend = createPlainBackend({
  name: "c",
  version: "1",
  prompts: [
    {
      name: "review",
      arguments: [{ name: "language", required: true }, { name: "style" }],
      get: () => ({ messages: [] }),
      complete: {
        language: (value) => languages.filter((l) => l.startsWith(value)),
        style: (_value, context) => [`${context.language ?? "any"}-idiomatic`],
      },
    },
    { name: "plain", get: () => ({ messages: [] }) },
  ],
  resourceTemplates: [
    {
      uriTemplate: "repo://{owner}/{name}",
      name: "repo",
      read: () => ({ contents: [] }),
      complete: { owner: () => Array.from({ length: 150 }, (_, i) => `owner${i}`) },
    },
  ],
});

let connection: Connection;
afterEach(async () => connection?.close());

describe("completion/complete", () => {
  it("completes prompt arguments with the context of resolved arguments", async () => {
    connection = await connect(backend);
    expect(connection.client.getServerCapabilities()?.completions).toEqual({});
    const { completion } = await connection.client.complete({
      ref: { type: "ref/prompt", name: "review" },
      argument: { name: "language", value: "ty" },
    });
    expect(completion).toEqual({ values: ["typescript"], total: 1, hasMore: false });
    const style = await connection.client.complete({
      ref: { type: "ref/prompt", name: "review" },
      argument: { name: "style", value: "" },
      context: { arguments: { language: "rust" } },
    });
    expect(style.completion.values).toEqual(["rust-idiomatic"]);
  });

  it("completes template variables and caps the answer at 100 values", async () => {
    connection = await connect(backend);
    const { completion } = await connection.client.complete({
      ref: { type: "ref/resource", uri: "repo://{owner}/{name}" },
      argument: { name: "owner", value: "" },
    });
    expect(completion.values).toHaveLength(100);
    expect(completion.hasMore).toBe(true);
    expect(completion.total).toBe(150);
    const none = await connection.client.complete({
      ref: { type: "ref/resource", uri: "repo://{owner}/{name}" },
      argument: { name: "name", value: "x" },
    });
    expect(none.completion.values).toEqual([]);
  });

  it("answers unknown prompts, arguments, templates and variables with -32602", async () => {
    connection = await connect(backend);
    const { client } = connection;
    const cases = [
      { ref: { type: "ref/prompt" as const, name: "nope" }, argument: { name: "x", value: "" } },
      { ref: { type: "ref/prompt" as const, name: "review" }, argument: { name: "nope", value: "" } },
      { ref: { type: "ref/resource" as const, uri: "nope://{x}" }, argument: { name: "x", value: "" } },
      {
        ref: { type: "ref/resource" as const, uri: "repo://{owner}/{name}" },
        argument: { name: "z", value: "" },
      },
    ];
    for (const params of cases) {
      await expect(client.complete(params)).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    }
  });

  it("is not advertised, and answers -32601, without backend.complete", async () => {
    const { complete: _omit, ...rest } = backend;
    connection = await connect(rest as McpBackend);
    expect(connection.client.getServerCapabilities()?.completions).toBeUndefined();
    await expect(
      connection.client.complete({
        ref: { type: "ref/prompt", name: "review" },
        argument: { name: "language", value: "" },
      }),
    ).rejects.toMatchObject({ code: ErrorCode.MethodNotFound });
  });
});

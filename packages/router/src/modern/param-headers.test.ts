// SEP-2243 custom parameter headers: the pure check, and the endpoint's HTTP entry with the SDK v2
// client (which sends `Mcp-Param-*` from the listed schema) and with raw requests that get it wrong.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterEach, describe, expect, it } from "vitest";
import { createMcpEndpoint } from "../serving/endpoint.js";
import { createPlainBackend } from "../shared/plain-backend.js";
import { paramHeaderDeclarations, paramHeaderMismatch } from "./param-headers.js";
import { modernHeaders, modernRequest } from "./raw-requests.js";

const schema: { type: "object"; properties: Record<string, object>; required: string[] } = {
  type: "object",
  properties: {
    region: { type: "string", "x-mcp-header": "Region" },
    shard: { type: "integer", "x-mcp-header": "Shard" },
    note: { type: "string" },
  },
  required: ["region"],
};

describe("paramHeaderDeclarations", () => {
  it("finds declarations through properties", () => {
    expect(paramHeaderDeclarations(schema)).toEqual([
      { path: ["region"], header: "Region", type: "string" },
      { path: ["shard"], header: "Shard", type: "integer" },
    ]);
  });

  it.each([
    ["a name that is no token", { properties: { a: { type: "string", "x-mcp-header": "Bad Name" } } }],
    ["an object-typed parameter", { properties: { a: { type: "object", "x-mcp-header": "A" } } }],
    [
      "a name repeated in another case",
      {
        properties: {
          a: { type: "string", "x-mcp-header": "A" },
          b: { type: "string", "x-mcp-header": "a" },
        },
      },
    ],
  ])("declares none for %s", (_, invalid) => {
    expect(paramHeaderDeclarations(invalid)).toEqual([]);
  });
});

describe("paramHeaderMismatch", () => {
  const declarations = paramHeaderDeclarations(schema);
  const check = (args: unknown, headers: Record<string, string>) =>
    paramHeaderMismatch(declarations, args, new Headers(headers))?.header;

  it("accepts equal values, Base64-wrapped ones and numbers compared as numbers", () => {
    expect(check({ region: "eu" }, { "Mcp-Param-Region": "eu" })).toBeUndefined();
    expect(check({ region: "Hello" }, { "Mcp-Param-Region": "=?base64?SGVsbG8=?=" })).toBeUndefined();
    expect(
      check({ region: "eu", shard: 42 }, { "Mcp-Param-Region": "eu", "Mcp-Param-Shard": "42.0" }),
    ).toBeUndefined();
    expect(
      check({ region: "=?base64?SGVsbG8=" }, { "Mcp-Param-Region": "=?base64?SGVsbG8=" }),
    ).toBeUndefined();
    expect(check({}, {})).toBeUndefined();
  });

  it("refuses a missing, different or badly encoded header", () => {
    expect(check({ region: "eu" }, {})).toBe("Mcp-Param-Region");
    expect(check({ region: "eu" }, { "Mcp-Param-Region": "us" })).toBe("Mcp-Param-Region");
    expect(check({ region: "Hello" }, { "Mcp-Param-Region": "=?base64?SGVsbG8?=" })).toBe("Mcp-Param-Region");
    expect(check({ region: "Hello" }, { "Mcp-Param-Region": "=?base64?SGVs!!!bG8=?=" })).toBe(
      "Mcp-Param-Region",
    );
  });
});

describe("the endpoint's 2026-07-28 HTTP entry", () => {
  const backend = createPlainBackend({
    name: "headers",
    version: "1.0.0",
    tools: [
      {
        name: "locate",
        inputSchema: schema,
        call: (args) => ({ content: [{ type: "text", text: `region ${String(args.region)}` }] }),
      },
    ],
  });
  const endpoint = createMcpEndpoint(backend, { onError: () => {} });
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close();
  });

  it("serves the SDK v2 client, which sends the headers from the listed schema", async () => {
    const seen: (string | null)[] = [];
    client = new Client(
      { name: "v2", version: "1.0.0" },
      { versionNegotiation: { mode: { pin: "2026-07-28" } } },
    );
    await client.connect(
      new StreamableHTTPClientTransport(new URL("http://localhost/mcp"), {
        fetch: (url, init) => {
          const request = new Request(url, init);
          seen.push(request.headers.get("mcp-param-region"));
          return endpoint.handleHttp(request);
        },
      }),
    );
    await client.listTools();
    const result = await client.callTool({ name: "locate", arguments: { region: "eu-west" } });
    expect(result.content).toEqual([{ type: "text", text: "region eu-west" }]);
    expect(seen).toContain("eu-west");
  });

  it("answers 400 / -32020 naming the header when it is missing or disagrees, before the tool runs", async () => {
    const request = modernRequest(7, "tools/call", { name: "locate", arguments: { region: "eu" } });
    for (const extra of [{}, { "mcp-param-region": "us" }]) {
      const response = await endpoint.handleHttp(
        new Request("http://localhost/mcp", {
          method: "POST",
          headers: { ...modernHeaders(request), ...extra },
          body: JSON.stringify(request),
        }),
        { parsedBody: request },
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        id: 7,
        error: { code: -32020, data: { mismatch: { header: "Mcp-Param-Region" } } },
      });
    }
  });
});

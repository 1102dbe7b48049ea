import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { createMcpEndpoint, createMcpServer, createPlainBackend, type PlainBackend } from "@wasi-mcp/router";
import { describe, expect, it } from "vitest";
import { createCompositeBackend } from "./composite-backend.js";

function member(name: string, uri: string): PlainBackend {
  return createPlainBackend({
    name,
    version: "1",
    instructions: `${name} things`,
    tools: [
      {
        name: "whoami",
        inputSchema: { type: "object" },
        call: () => ({ content: [{ type: "text", text: name }] }),
      },
    ],
    resources: [
      { uri, name: `${name}-data`, read: (u) => ({ contents: [{ uri: u, text: `${name} data` }] }) },
    ],
    prompts: [
      {
        name: "hi",
        get: () => ({ messages: [{ role: "user", content: { type: "text", text: `hi from ${name}` } }] }),
      },
    ],
  });
}

async function connect(backend: Parameters<typeof createMcpServer>[0]) {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer(backend).connect(b);
  const client = new Client({ name: "t", version: "0" });
  await client.connect(a);
  return client;
}

describe("createCompositeBackend", () => {
  it("namespaces tools and prompts, keeps URIs, and routes each call to its owner", async () => {
    const composite = createCompositeBackend(
      [
        { namespace: "alpha", backend: member("alpha", "alpha://data") },
        { namespace: "beta", backend: member("beta", "beta://data") },
      ],
      { name: "mcp-compositor", version: "0.1.0" },
    );
    const client = await connect(composite);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["alpha__whoami", "beta__whoami"]);
    expect((await client.callTool({ name: "beta__whoami", arguments: {} })).content).toEqual([
      { type: "text", text: "beta" },
    ]);
    expect((await client.readResource({ uri: "alpha://data" })).contents[0]).toMatchObject({
      text: "alpha data",
    });
    expect((await client.getPrompt({ name: "alpha__hi" })).messages[0]?.content).toEqual({
      type: "text",
      text: "hi from alpha",
    });
    expect(client.getInstructions()).toBe("alpha: alpha things\nbeta: beta things");
    await expect(client.callTool({ name: "gamma__whoami", arguments: {} })).rejects.toMatchObject({
      code: -32602,
    });
    await client.close();
  });

  it("runs a member's task-capable tool as a task under its namespaced name", async () => {
    const worker = createPlainBackend({
      name: "worker",
      version: "1",
      tools: [
        {
          name: "job",
          inputSchema: { type: "object" },
          execution: { taskSupport: "optional" },
          call: () => ({ content: [{ type: "text", text: "job done" }] }),
        },
      ],
    });
    const composite = createCompositeBackend([{ namespace: "w", backend: worker }], {
      name: "mcp-compositor",
      version: "0.1.0",
    });
    const endpoint = createMcpEndpoint(composite);
    const [a, b] = InMemoryTransport.createLinkedPair();
    b.sessionId = "s";
    await (await endpoint.legacy.createServer()).connect(b);
    const client = new Client({ name: "t", version: "0" });
    await client.connect(a);
    expect((await client.listTools()).tools[0]).toMatchObject({
      name: "w__job",
      execution: { taskSupport: "optional" },
    });
    const messages: { type: string; result?: unknown }[] = [];
    for await (const message of client.experimental.tasks.callToolStream(
      { name: "w__job", arguments: {} },
      CallToolResultSchema,
      { task: {} },
    )) {
      messages.push(message);
    }
    expect(messages[0]?.type).toBe("taskCreated");
    expect(messages.at(-1)).toMatchObject({ type: "result", result: { content: [{ text: "job done" }] } });
    await client.close();
    await endpoint.close();
  });

  it("combines the members' cache hints: the shortest TTL, public only when every one is", () => {
    const hinted = (
      backend: PlainBackend,
      hint: Record<string, { ttlMs: number; cacheScope: "public" | "private" }>,
    ) =>
      Object.assign(backend, {
        cacheHint: (target: { method: string; uri?: string }) => hint[target.uri ?? target.method],
      });
    const alpha = hinted(member("alpha", "alpha://data"), {
      "tools/list": { ttlMs: 60_000, cacheScope: "public" },
      "prompts/list": { ttlMs: 1_000, cacheScope: "public" },
      "alpha://data": { ttlMs: 5, cacheScope: "public" },
    });
    const beta = hinted(member("beta", "beta://data"), {
      "tools/list": { ttlMs: 30_000, cacheScope: "private" },
    });
    const composite = createCompositeBackend(
      [
        { namespace: "alpha", backend: alpha },
        { namespace: "beta", backend: beta },
      ],
      { name: "mcp-compositor", version: "0.1.0" },
    );
    expect(composite.cacheHint?.({ method: "tools/list" })).toEqual({ ttlMs: 30_000, cacheScope: "private" });
    // beta gives no prompts/list hint: the host's default applies to the composed list.
    expect(composite.cacheHint?.({ method: "prompts/list" })).toBeUndefined();
    expect(composite.cacheHint?.({ method: "resources/read", uri: "alpha://data" })).toEqual({
      ttlMs: 5,
      cacheScope: "public",
    });
    expect(composite.cacheHint?.({ method: "resources/read", uri: "beta://data" })).toBeUndefined();
  });

  it("refuses a resource URI registered by two members, naming both", () => {
    expect(() =>
      createCompositeBackend(
        [
          { namespace: "one", backend: member("one", "shared://x") },
          { namespace: "two", backend: member("two", "shared://x") },
        ],
        { name: "c", version: "1" },
      ),
    ).toThrow('resource shared://x is registered by both "one" and "two"');
  });

  it("refuses duplicate namespaces and namespaces containing the separator", () => {
    const backend = member("x", "x://1");
    expect(() =>
      createCompositeBackend(
        [
          { namespace: "a", backend },
          { namespace: "a", backend: member("y", "y://1") },
        ],
        { name: "c", version: "1" },
      ),
    ).toThrow('namespace "a" is used twice');
    expect(() =>
      createCompositeBackend([{ namespace: "a__b", backend }], { name: "c", version: "1" }),
    ).toThrow(/must not contain "__"/);
  });

  it("swaps a member without dropping the session and tells the client the lists changed", async () => {
    const composite = createCompositeBackend(
      [{ namespace: "alpha", backend: member("alpha", "alpha://data") }],
      {
        name: "c",
        version: "1",
      },
    );
    const client = await connect(composite);
    const changed: string[] = [];
    const { ToolListChangedNotificationSchema } = await import("@modelcontextprotocol/sdk/types.js");
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed.push("tools"));
    const replacement = member("alpha-v2", "alpha://data");
    replacement.setTools([
      {
        name: "fresh",
        inputSchema: { type: "object" },
        call: () => ({ content: [{ type: "text", text: "new" }] }),
      },
    ]);
    composite.replace({ namespace: "alpha", backend: replacement });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(changed.length).toBeGreaterThan(0);
    expect((await client.callTool({ name: "alpha__fresh", arguments: {} })).content).toEqual([
      { type: "text", text: "new" },
    ]);
    await client.close();
  });

  it("refuses a resource that clashes later, through a list change, and keeps serving the rest", async () => {
    const clashes: string[] = [];
    const beta = member("beta", "beta://data");
    const composite = createCompositeBackend(
      [
        { namespace: "alpha", backend: member("alpha", "alpha://data") },
        { namespace: "beta", backend: beta },
      ],
      { name: "c", version: "1", onClash: (message) => clashes.push(message) },
    );
    const client = await connect(composite);
    beta.setResources([
      { uri: "beta://data", name: "beta-data", read: (u) => ({ contents: [{ uri: u, text: "beta data" }] }) },
      { uri: "alpha://data", name: "stolen", read: (u) => ({ contents: [{ uri: u, text: "not alpha's" }] }) },
    ]);
    expect(clashes).toEqual([
      'resource alpha://data is registered by both "alpha" and "beta"; "beta"\'s is refused, "alpha" keeps serving it',
    ]);
    expect((await client.listResources()).resources.map((r) => `${r.uri} ${r.name}`)).toEqual([
      "alpha://data alpha-data",
      "beta://data beta-data",
    ]);
    expect((await client.readResource({ uri: "alpha://data" })).contents[0]).toMatchObject({
      text: "alpha data",
    });
    expect((await client.callTool({ name: "beta__whoami", arguments: {} })).content).toEqual([
      { type: "text", text: "beta" },
    ]);
    // Reported once, not at every list change.
    beta.setResources([
      { uri: "alpha://data", name: "stolen", read: (u) => ({ contents: [{ uri: u, text: "not alpha's" }] }) },
    ]);
    expect(clashes).toHaveLength(1);
    await client.close();
  });
});

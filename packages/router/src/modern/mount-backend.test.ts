import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport, McpServer } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { createPlainBackend } from "../shared/plain-backend.js";
import { mountBackend } from "./mount-backend.js";

function backend() {
  return createPlainBackend({
    name: "plain",
    version: "1",
    tools: [
      {
        name: "shout",
        description: "Upper-cases text.",
        inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
        call: (args) => ({ content: [{ type: "text", text: String(args.text).toUpperCase() }] }),
      },
    ],
    resources: [
      { uri: "plain://readme", name: "readme", read: (uri) => ({ contents: [{ uri, text: "read me" }] }) },
    ],
    prompts: [
      {
        name: "greet",
        arguments: [{ name: "who", required: true }],
        get: (args) => ({ messages: [{ role: "user", content: { type: "text", text: `hi ${args.who}` } }] }),
      },
    ],
  });
}

describe("mountBackend", () => {
  it("serves a backend's tools, resources and prompts beside the server's own", async () => {
    const server = new McpServer({ name: "app", version: "1.0.0" });
    server.registerTool("own", { description: "The server's own tool." }, () => ({
      content: [{ type: "text", text: "own" }],
    }));
    const mounted = mountBackend(server, backend(), { prefix: "plain__" });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "t", version: "0" });
    await client.connect(clientSide);

    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(["own", "plain__shout"]);
    const shouted = await client.callTool({ name: "plain__shout", arguments: { text: "hey" } });
    expect(shouted.content).toEqual([{ type: "text", text: "HEY" }]);
    const invalid = await client.callTool({ name: "plain__shout", arguments: {} }).catch((e: Error) => e);
    expect(invalid instanceof Error ? invalid.message : JSON.stringify(invalid)).toMatch(/text/);
    expect((await client.readResource({ uri: "plain://readme" })).contents[0]).toMatchObject({
      text: "read me",
    });
    const prompt = await client.getPrompt({ name: "plain__greet", arguments: { who: "ada" } });
    expect(prompt.messages[0]?.content).toEqual({ type: "text", text: "hi ada" });

    mounted.unmount();
    await expect.poll(async () => (await client.listTools()).tools.map((t) => t.name)).toEqual(["own"]);
    await client.close();
    await server.close();
  });
});

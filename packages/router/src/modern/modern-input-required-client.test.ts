// MRTR end to end with the SDK v2 Client: its input-required driver fulfils the face's
// inputRequests through its own request handlers and retries, so callTool returns the final result.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createMcpHandler } from "@modelcontextprotocol/server";
import { afterEach, describe, expect, it } from "vitest";
import type { BackendRequest } from "../shared/backend.js";
import { createPlainBackend } from "../shared/plain-backend.js";
import { createModernMcpServer } from "./modern-server.js";

let runs = 0;
const ask = (request: BackendRequest) => {
  if (!request.requestClient) throw new Error("no requestClient");
  return request.requestClient;
};

const backend = createPlainBackend({
  name: "mrtr-client",
  version: "1.0.0",
  tools: [
    {
      name: "interview",
      inputSchema: { type: "object" },
      call: async (_args, request) => {
        runs++;
        const name = await ask(request)(
          {
            method: "elicitation/create",
            params: {
              message: "Name?",
              requestedSchema: {
                type: "object",
                properties: { name: { type: "string" } },
                required: ["name"],
              },
            },
          },
          { inputKey: "user_name" },
        );
        const [roots, sampled] = await Promise.all([
          ask(request)({ method: "roots/list" }),
          ask(request)({
            method: "sampling/createMessage",
            params: { messages: [{ role: "user", content: { type: "text", text: "Hi" } }], maxTokens: 5 },
          }),
        ]);
        const text = JSON.stringify({ name: name.content, roots: roots.roots, sampled: sampled.content });
        return { content: [{ type: "text", text }] };
      },
    },
  ],
});

const handler = createMcpHandler(() => createModernMcpServer(backend, { onInternalError: () => {} }), {
  legacy: "reject",
});

describe("MRTR with the SDK v2 Client (2026-07-28)", () => {
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close();
  });

  it("fulfils every round through the client's handlers; callTool returns the final result", async () => {
    client = new Client(
      { name: "v2-client", version: "1.0.0" },
      {
        capabilities: { elicitation: {}, sampling: {}, roots: {} },
        versionNegotiation: { mode: { pin: "2026-07-28" } },
      },
    );
    const seen: string[] = [];
    client.setRequestHandler("elicitation/create", async () => {
      seen.push("elicitation");
      return { action: "accept", content: { name: "Alice" } };
    });
    client.setRequestHandler("roots/list", async () => {
      seen.push("roots");
      return { roots: [{ uri: "file:///work", name: "work" }] };
    });
    client.setRequestHandler("sampling/createMessage", async () => {
      seen.push("sampling");
      return { role: "assistant", content: { type: "text", text: "Hello!" }, model: "m" };
    });
    const transport = new StreamableHTTPClientTransport(new URL("http://localhost/mcp"), {
      fetch: (url, init) => handler.fetch(new Request(url, init)),
    });
    await client.connect(transport);
    runs = 0;
    const result = await client.callTool({ name: "interview", arguments: {} });
    const text = (result.content as { type: string; text: string }[])[0]?.text ?? "";
    expect(JSON.parse(text)).toEqual({
      name: { name: "Alice" },
      roots: [{ uri: "file:///work", name: "work" }],
      sampled: { type: "text", text: "Hello!" },
    });
    // Round 1 asks the name; round 2 both others at once; round 3 completes.
    expect(runs).toBe(3);
    expect(seen.sort()).toEqual(["elicitation", "roots", "sampling"]);
  });
});

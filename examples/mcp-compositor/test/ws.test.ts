import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { WebSocketClientTransport } from "@wasi-mcp/transport-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServingProcess, serveOverNetwork } from "./network-server.js";

describe("mcp-compositor serve <hello.wasm> --transport ws", () => {
  let serving: ServingProcess;
  beforeAll(async () => {
    serving = await serveOverNetwork("ws");
  });
  afterAll(async () => {
    if (serving && serving.child.exitCode === null) serving.child.kill("SIGKILL");
  });

  it("listens on 127.0.0.1 at /ws by default", () => {
    expect(serving.url.href).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
  });

  it("serves the component to the SDK client over WebSocket", async () => {
    const client = new Client({ name: "ws-test", version: "0.0.0" });
    await client.connect(new WebSocketClientTransport(serving.url));
    expect(client.getServerVersion()).toMatchObject({ name: "hello", version: "0.1.0" });
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["echo", "add"]);
    expect(await client.callTool({ name: "echo", arguments: { text: "over ws" } })).toEqual({
      content: [{ type: "text", text: "over ws" }],
    });
    const { contents } = await client.readResource({ uri: "hello://greeting" });
    expect(contents[0]).toMatchObject({ text: "Hello from a WebAssembly component!" });
    await client.close();
  });

  it("exits 0 on SIGTERM", async () => {
    expect(await serving.stop()).toBe(0);
  });
});

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  type ServerNotification,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { createMcpServer } from "@wasi-mcp/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE, firstText } from "./fixture.js";

/** The fixture behind the real router, driven by a real SDK client that can sample and elicit. */
describe("a component behind the router, driven by the SDK client", () => {
  let component: LoadedComponent;
  let client: Client;
  const received: ServerNotification[] = [];

  beforeAll(async () => {
    component = await loadComponent(FIXTURE, { cacheDirectory: CACHE, onLog: () => {} });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createMcpServer(component.backend).connect(serverSide);
    client = new Client({ name: "e2e", version: "0" }, { capabilities: { sampling: {}, elicitation: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => ({
      role: "assistant",
      content: { type: "text", text: `echo of ${JSON.stringify(request.params.messages[0]?.content)}` },
      model: "test-model",
    }));
    client.setRequestHandler(ElicitRequestSchema, async () => ({
      action: "accept",
      content: { name: "testuser" },
    }));
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void received.push(n));
    client.setNotificationHandler(ToolListChangedNotificationSchema, (n) => void received.push(n));
    await client.connect(clientSide);
  });
  afterAll(async () => {
    await client?.close();
    await component?.close();
  });

  it("streams progress notifications for a call that asked for them", async () => {
    const progress: number[] = [];
    const result = await client.callTool({ name: "progress", arguments: { steps: 3 } }, undefined, {
      onprogress: (p) => progress.push(p.progress),
    });
    expect(firstText(result)).toBe("reported 3 steps");
    expect(progress).toEqual([1, 2, 3]);
  });

  it("honours logging/setLevel for a call's log records", async () => {
    await client.setLoggingLevel("warning");
    received.length = 0;
    await client.callTool({ name: "log", arguments: { levels: ["debug", "info", "warning", "error"] } });
    const levels = received
      .filter((n) => n.method === "notifications/message")
      .map((n) => (n.params as { level: string }).level);
    expect(levels).toEqual(["warning", "error"]);
  });

  it("round-trips sampling and elicitation to the client during a call", async () => {
    expect(firstText(await client.callTool({ name: "sample", arguments: { prompt: "hi" } }))).toBe(
      'test-model: echo of {"type":"text","text":"hi"}',
    );
    expect(firstText(await client.callTool({ name: "elicit", arguments: { message: "name?" } }))).toBe(
      'accept: {"name":"testuser"}',
    );
  });

  it("delivers tools/list_changed and the new tool to the client", async () => {
    received.length = 0;
    await client.callTool({ name: "add_tool", arguments: { name: "brand_new" } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received.some((n) => n.method === "notifications/tools/list_changed")).toBe(true);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("brand_new");
  });

  it("delivers resources/updated only after subscribing", async () => {
    const updates: string[] = [];
    const { ResourceUpdatedNotificationSchema } = await import("@modelcontextprotocol/sdk/types.js");
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updates.push(n.params.uri));
    await client.callTool({ name: "bump", arguments: {} });
    await client.subscribeResource({ uri: "fixture://counter" });
    await client.callTool({ name: "bump", arguments: {} });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(updates).toEqual(["fixture://counter"]);
    await client.unsubscribeResource({ uri: "fixture://counter" });
  });

  it("completes prompt arguments through the component", async () => {
    const { completion } = await client.complete({
      ref: { type: "ref/prompt", name: "pick" },
      argument: { name: "fruit", value: "b" },
    });
    expect(completion.values).toEqual(["banana"]);
  });

  it("answers a looping tool with a timeout error and keeps the session usable", async () => {
    const slowComponent = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      policy: { deadlineMs: 300 },
      onHealth: () => {},
    });
    const [c, s] = InMemoryTransport.createLinkedPair();
    await createMcpServer(slowComponent.backend).connect(s);
    const other = new Client({ name: "deadline", version: "0" });
    await other.connect(c);
    try {
      await expect(other.callTool({ name: "loop", arguments: {} })).rejects.toMatchObject({ code: -32001 });
      expect(firstText(await other.callTool({ name: "echo", arguments: { text: "ok" } }))).toBe("ok");
    } finally {
      await other.close();
      await slowComponent.close();
    }
  });
});

import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { BackendEvent } from "@wasi-mcp/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE, firstText, recordingRequest } from "./fixture.js";

describe("runtime imports and handler exports, through a real component", () => {
  let component: LoadedComponent;
  const events: BackendEvent[] = [];

  beforeAll(async () => {
    component = await loadComponent(FIXTURE, { cacheDirectory: CACHE, onLog: () => {} });
    component.backend.onEvent?.((event) => events.push(event));
  });
  afterAll(() => component?.close());

  it("advertises what the component declared, logging always", () => {
    expect(component.backend.identity()).toMatchObject({
      serverInfo: { name: "host-fixture", version: "0.1.0" },
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
    });
    expect(component.backend.complete).toBeTypeOf("function");
    expect(component.backend.subscribe).toBeTypeOf("function");
  });

  it("passes the request context to handlers", async () => {
    const { request } = recordingRequest({ progressToken: "tok-1" });
    const context = JSON.parse(firstText(await component.backend.callTool("context", {}, request)));
    expect(context).toEqual({ requestId: "1", sessionId: "session-1", progressToken: "tok-1" });
  });

  it("sends progress for the request's token, and none without one", async () => {
    const withToken = recordingRequest({ progressToken: 42 });
    await component.backend.callTool("progress", { steps: 3 }, withToken.request);
    expect(withToken.notifications).toEqual(
      [1, 2, 3].map((step) => ({
        method: "notifications/progress",
        params: { progressToken: 42, progress: step, total: 3, message: `step ${step}` },
      })),
    );
    const without = recordingRequest();
    expect(firstText(await component.backend.callTool("progress", { steps: 3 }, without.request))).toBe(
      "no progress token",
    );
    expect(without.notifications).toEqual([]);
  });

  it("refuses a progress token that is not the current request's", async () => {
    const { request, notifications } = recordingRequest({ progressToken: "mine" });
    expect(firstText(await component.backend.callTool("bad_progress", {}, request))).toMatch(
      /refused: .*not the current request's/,
    );
    expect(notifications).toEqual([]);
  });

  it("sends log records of a call on that request, as notifications/message", async () => {
    const { request, notifications } = recordingRequest();
    await component.backend.callTool("log", { levels: ["debug", "info", "error"] }, request);
    expect(notifications).toEqual(
      ["debug", "info", "error"].map((level) => ({
        method: "notifications/message",
        params: { level, logger: "host-fixture", data: { message: `${level} message`, data: { level } } },
      })),
    );
  });

  it("asks the client for sampling and returns its answer to the component", async () => {
    const { request, clientRequests } = recordingRequest({
      capabilities: { sampling: {} },
      answer: async () => ({
        role: "assistant",
        content: { type: "text", text: "a haiku" },
        model: "test-model",
      }),
    });
    expect(firstText(await component.backend.callTool("sample", { prompt: "write" }, request))).toBe(
      "test-model: a haiku",
    );
    expect(clientRequests).toEqual([
      {
        method: "sampling/createMessage",
        params: { messages: [{ role: "user", content: { type: "text", text: "write" } }], maxTokens: 100 },
      },
    ]);
  });

  it("asks the client for elicitation and returns its answer to the component", async () => {
    const { request, clientRequests } = recordingRequest({
      capabilities: { elicitation: {} },
      answer: async () => ({ action: "accept", content: { name: "Ada" } }),
    });
    expect(firstText(await component.backend.callTool("elicit", { message: "who?" }, request))).toBe(
      'accept: {"name":"Ada"}',
    );
    expect(clientRequests[0]).toMatchObject({ method: "elicitation/create", params: { message: "who?" } });
  });

  it("gives the component an error, not a hang, when the client lacks the capability or fails", async () => {
    // The host puts every question to the request; the router refuses one for a capability the
    // client did not declare with -32601, which the guest gets as unsupported-operation.
    const missing = recordingRequest({
      capabilities: {},
      answer: async () => {
        throw new McpError(ErrorCode.MethodNotFound, "the client did not declare the `sampling` capability");
      },
    });
    const result = await component.backend.callTool("sample", { prompt: "x" }, missing.request);
    expect(result.isError).toBe(true);
    expect(firstText(result)).toMatch(/unsupported-operation.*did not declare the `sampling` capability/);
    expect(missing.clientRequests).toMatchObject([{ method: "sampling/createMessage" }]);
    const failing = recordingRequest({
      capabilities: { elicitation: {} },
      answer: async () => {
        throw new Error("client went away");
      },
    });
    const failed = await component.backend.callTool("elicit", { message: "x" }, failing.request);
    expect(firstText(failed)).toMatch(/elicitation failed: .*client went away/);
  });

  it("reports the client's capabilities to the component", async () => {
    const { request } = recordingRequest({ capabilities: { elicitation: {}, roots: {} } });
    expect(JSON.parse(firstText(await component.backend.callTool("client_caps", {}, request)))).toEqual({
      sampling: false,
      elicitation: true,
      roots: true,
    });
  });

  it("updates the tool list and emits tools-list-changed when registering after serve", async () => {
    await component.backend.callTool("add_tool", { name: "late_tool" }, recordingRequest().request);
    expect(component.backend.listTools().map((tool) => tool.name)).toContain("late_tool");
    expect(events).toContainEqual({ type: "tools-list-changed" });
  });

  it("emits resource-updated and calls the subscribe handlers", async () => {
    const { request } = recordingRequest();
    await component.backend.subscribe?.("fixture://counter", request);
    expect(firstText(await component.backend.callTool("subscriptions", {}, request))).toBe(
      '["fixture://counter"]',
    );
    await component.backend.callTool("bump", {}, request);
    expect(events).toContainEqual({ type: "resource-updated", uri: "fixture://counter" });
    await component.backend.unsubscribe?.("fixture://counter", request);
    expect(firstText(await component.backend.callTool("subscriptions", {}, request))).toBe("[]");
  });

  it("answers completion requests through handle-complete", async () => {
    const completion = await component.backend.complete?.(
      { type: "ref/prompt", name: "pick" },
      { name: "fruit", value: "ap" },
      {},
      recordingRequest().request,
    );
    expect(completion).toEqual({ values: ["apple", "apricot"], total: 2, hasMore: false });
  });

  it("reads resources and gets prompts", async () => {
    const { request } = recordingRequest();
    expect(await component.backend.readResource("fixture://counter", request)).toMatchObject({
      contents: [{ uri: "fixture://counter", mimeType: "text/plain" }],
    });
    expect(await component.backend.getPrompt("pick", { fruit: "kiwi" }, request)).toEqual({
      messages: [{ role: "user", content: { type: "text", text: "I pick kiwi" } }],
    });
  });
});

describe("handle-elicit and logs without a client", () => {
  it("asks the component to answer an elicitation addressed to it", async () => {
    const component = await loadComponent(FIXTURE, { cacheDirectory: CACHE });
    try {
      const answer = await component.backend.elicit(
        { message: "continue?", requestedSchema: { type: "object", properties: {} } },
        recordingRequest().request,
      );
      expect(answer).toEqual({ action: "decline" });
    } finally {
      await component.close();
    }
  });

  it("hands log records to the host's log when no client can receive them", async () => {
    const records: string[] = [];
    const component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      onLog: (record) => records.push(`${record.component} ${record.level} ${record.message}`),
    });
    try {
      const { notify: _notify, ...request } = recordingRequest().request;
      await component.backend.callTool("log", { levels: ["warning"] }, request);
      expect(records).toEqual(["host-fixture warning warning message"]);
    } finally {
      await component.close();
    }
  });
});

describe("createHost", () => {
  it("keeps components by name, refuses duplicates and reports health as events", async () => {
    const { createHost } = await import("../dist/index.js");
    const host = createHost({ cacheDirectory: CACHE });
    const health: string[] = [];
    host.on("health", (event) => health.push(event.status));
    try {
      const fixture = await host.load(FIXTURE, { policy: { deadlineMs: 300 } });
      expect([...host.components.keys()]).toEqual(["host-fixture"]);
      await expect(host.load(FIXTURE)).rejects.toThrow(/already loaded/);
      await expect(fixture.backend.callTool("loop", {}, recordingRequest().request)).rejects.toThrow(
        /did not answer/,
      );
      expect(health).toContain("restarting");
      await host.unload("host-fixture");
      expect(host.components.size).toBe(0);
    } finally {
      await host.close();
    }
  });
});

describe("send-notification variants", () => {
  it("turns every variant into the matching backend event, and refuses a method outside notifications/", async () => {
    const component = await loadComponent(FIXTURE, { cacheDirectory: CACHE });
    const events: BackendEvent[] = [];
    component.backend.onEvent?.((event) => events.push(event));
    const send = (args: Record<string, unknown>) =>
      component.backend.callTool("notify", args, recordingRequest().request);
    try {
      await send({ tag: "tools-list-changed" });
      await send({ tag: "resources-list-changed" });
      await send({ tag: "prompts-list-changed" });
      await send({ tag: "custom", method: "notifications/fixture/hello", params: '{"n":1}' });
      const refused = await send({ tag: "custom", method: "tools/call", params: "{}" });
      expect(firstText(refused)).toMatch(/refused: .*must start with notifications\//);
      expect(events).toEqual([
        { type: "tools-list-changed" },
        { type: "resources-list-changed" },
        { type: "prompts-list-changed" },
        { type: "notification", notification: { method: "notifications/fixture/hello", params: { n: 1 } } },
      ]);
    } finally {
      await component.close();
    }
  });
});

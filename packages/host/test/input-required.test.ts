// MRTR (ADR 0005 §3) with a real component: a 2026-07-28 request whose guest asks the client
// is answered input_required, the guest's question returns the replay outcome (it is never
// resumed with a fake answer) and its call unwinds in the same instance, whose state is kept;
// the retry replays the client's answer into a fresh run of the call.
import { createMcpHandler } from "@modelcontextprotocol/server";
import { createModernMcpServer, modernHeaders, modernRequest } from "@wasi-mcp/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ComponentLogRecord, type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE, firstText } from "./fixture.js";

type Json = Record<string, unknown>;

describe.each(["worker", "in-process"] as const)("MRTR with a component (isolation: %s)", (isolation) => {
  let component: LoadedComponent | undefined;
  let handler: ReturnType<typeof createMcpHandler>;
  const health: string[] = [];
  /** The guest's stderr lines and fallback logs, as they arrive. */
  const logs: ComponentLogRecord[] = [];
  /** Events the backend broadcast (list changes, logs and notifications outside a request). */
  const broadcast: string[] = [];

  beforeAll(async () => {
    component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      // A stopped guest still has its deadline: 6 s for the one that spins on after the outcome.
      policy: { isolation, stdio: "stderr", toolDeadlinesMs: { ask_and_chatter: 6_000 } },
      onHealth: (event) => health.push(event.status),
      onLog: (record) => logs.push(record),
    });
    const backend = component.backend;
    backend.onEvent?.((event) =>
      broadcast.push(event.type === "notification" ? event.notification.method : event.type),
    );
    handler = createMcpHandler(() => createModernMcpServer(backend, { onInternalError: () => {} }), {
      legacy: "reject",
      responseMode: "json",
    });
  });
  afterAll(() => component?.close());

  async function callTool(
    name: string,
    args: Json,
    extra: Json = {},
    capabilities: Json = { sampling: {}, elicitation: {} },
  ): Promise<{ result?: Json; error?: Json; status: number; contentType: string | null }> {
    const body = modernRequest(
      1,
      "tools/call",
      { name, arguments: args, ...extra },
      {
        clientInfo: { name: "test", version: "0" },
        capabilities,
        // What would let a call's logs and progress reach this request's response.
        extra: { "io.modelcontextprotocol/logLevel": "debug", progressToken: "p-1" },
      },
    );
    const response = await handler.fetch(
      new Request("http://localhost/mcp", {
        method: "POST",
        headers: modernHeaders(body),
        body: JSON.stringify(body),
      }),
    );
    const contentType = response.headers.get("content-type");
    return {
      ...((await response.json()) as { result?: Json; error?: Json }),
      status: response.status,
      contentType,
    };
  }

  it("answers input_required for the guest's sampling request, then completes on the retry", async () => {
    const first = await callTool("sample", { prompt: "write" });
    expect(first.result).toMatchObject({
      resultType: "input_required",
      inputRequests: {
        "0": {
          method: "sampling/createMessage",
          params: { messages: [{ role: "user", content: { type: "text", text: "write" } }], maxTokens: 100 },
        },
      },
    });
    const answer = { role: "assistant", content: { type: "text", text: "a poem" }, model: "m-1" };
    const second = await callTool(
      "sample",
      { prompt: "write" },
      {
        inputResponses: { "0": answer },
        requestState: first.result?.requestState,
      },
    );
    expect(second.result).toMatchObject({ resultType: "complete" });
    expect(firstText(second.result)).toBe("m-1: a poem");
  });

  it("keeps the instance the signal stopped: its state stays, nothing restarts", async () => {
    const before = Number(firstText((await callTool("bump", {})).result));
    const stopped = await callTool("elicit", { message: "who?" });
    expect(stopped.result).toMatchObject({ resultType: "input_required" });
    const after = Number(firstText((await callTool("bump", {})).result));
    // The same instance counts on: the stopped call unwound in it (its guest was handed the replay
    // outcome, not a fake answer, and what it returned was dropped).
    expect(after).toBe(before + 1);
    expect(health).not.toContain("restarting");
    expect(component?.restarts()).toBe(0);
  });

  it("discards what a guest that ignores the outcome still does; the next call waits for it", async () => {
    const before = Number(firstText((await callTool("bump", {})).result));
    broadcast.length = 0;
    const spinMs = isolation === "worker" ? 3_000 : 0;
    const stopped = await callTool("ask_and_chatter", { spinMs, register: `late_${isolation}` });
    // Only the input_required answer: no log, progress or second question reached the request
    // (a notification would have turned the response into an event stream).
    expect(stopped.contentType).toMatch(/^application\/json/);
    expect(stopped.result).toMatchObject({ resultType: "input_required" });
    expect(Object.keys(stopped.result?.inputRequests as Json)).toEqual(["0"]);
    const done = () => logs.find((record) => record.message.startsWith(`chatter done ${before + 1} `));
    // A worker's guest is still spinning: the client was answered without waiting for it.
    if (isolation === "worker") expect(done()).toBeUndefined();
    const next = Number(firstText((await callTool("bump", {})).result));
    // The next call queued behind the unwinding one, on the same instance, state kept.
    expect(done()?.message).toBeDefined();
    expect(next).toBe(before + 2);
    // Both questions got the replay outcome: `cancelled` with the documented marker.
    const outcomes = JSON.parse(done()?.message.replace(/^chatter done \d+ /, "") ?? "[]") as string[];
    expect(outcomes, done()?.message).toHaveLength(2);
    for (const outcome of outcomes) {
      expect(JSON.parse(outcome), outcome).toMatchObject({ code: "cancelled", data: '{"replay":true}' });
    }
    // What it registered is the instance's state (kept); its log and notification went nowhere
    // (the resource update is the next call's `bump`).
    expect(broadcast).toEqual(["tools-list-changed", "resource-updated"]);
    expect(component?.backend.listTools().map((tool) => tool.name)).toContain(`late_${isolation}`);
    expect(component?.restarts()).toBe(0);
  });

  it("answers -32021 (HTTP 400) when the guest asks for a capability the request did not declare", async () => {
    // The guest's sampling fails (it answers a tool error), but the request relied on sampling.
    const refused = await callTool("sample", { prompt: "write" }, {}, { elicitation: {} });
    expect(refused.status).toBe(400);
    expect(refused.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { sampling: {} } },
    });
    // The guest was not stopped: its instance serves the next call as it was.
    expect((await callTool("bump", {})).result).toMatchObject({ resultType: "complete" });
  });

  // In-process, the host's own thread runs the guest to its end: there is nothing to kill.
  if (isolation === "worker") {
    it("kills a stopped guest that runs on past its deadline; the next call gets a fresh instance", async () => {
      const restarts = component?.restarts() ?? 0;
      const finished = () => logs.filter((record) => record.message.startsWith("chatter done")).length;
      const finishedBefore = finished();
      const stopped = await callTool("ask_and_chatter", { spinMs: 60_000 });
      expect(stopped.result).toMatchObject({ resultType: "input_required" });
      // Queued behind the unwinding guest until its deadline killed it, then served by the replacement.
      const next = await callTool("echo", { text: "after" });
      expect(firstText(next.result)).toBe("after");
      expect(component?.restarts()).toBe(restarts + 1);
      // It never got to its end.
      expect(finished()).toBe(finishedBefore);
    });
  }
});

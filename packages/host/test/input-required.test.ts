// MRTR (ADR 0005 §3) with a real component: a 2026-07-28 request whose guest asks the client
// is answered input_required, the guest's call is ended (never resumed with a fake answer), and
// the retry replays the client's answer into a fresh run of the call.
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  createMcpHandler,
  PROTOCOL_VERSION_META_KEY,
} from "@modelcontextprotocol/server";
import { createModernMcpServer } from "@wasi-mcp/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE, firstText } from "./fixture.js";

type Json = Record<string, unknown>;

describe.each(["worker", "in-process"] as const)("MRTR with a component (isolation: %s)", (isolation) => {
  let component: LoadedComponent | undefined;
  let handler: ReturnType<typeof createMcpHandler>;
  const health: string[] = [];

  beforeAll(async () => {
    component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      policy: { isolation },
      onHealth: (event) => health.push(event.status),
    });
    const backend = component.backend;
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
  ): Promise<{ result?: Json; error?: Json; status: number }> {
    const params = {
      name,
      arguments: args,
      ...extra,
      _meta: {
        [PROTOCOL_VERSION_META_KEY]: "2026-07-28",
        [CLIENT_INFO_META_KEY]: { name: "test", version: "0" },
        [CLIENT_CAPABILITIES_META_KEY]: capabilities,
      },
    };
    const response = await handler.fetch(
      new Request("http://localhost/mcp", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          "mcp-protocol-version": "2026-07-28",
          "mcp-method": "tools/call",
          "mcp-name": name,
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params }),
      }),
    );
    return { ...((await response.json()) as { result?: Json; error?: Json }), status: response.status };
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

  it("replaces the instance the signal stopped, and serves the next call", async () => {
    const before = Number(firstText((await callTool("bump", {})).result));
    const stopped = await callTool("elicit", { message: "who?" });
    expect(stopped.result).toMatchObject({ resultType: "input_required" });
    const after = Number(firstText((await callTool("bump", {})).result));
    // A fresh instance starts counting again: the stopped guest did not go on with a fake answer.
    expect(after).toBeLessThanOrEqual(before);
    expect(health).toContain("restarting");
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
});

import { createMcpHandler } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import type { BackendRequest } from "../shared/backend.js";
import { createPlainBackend } from "../shared/plain-backend.js";
import { isReplayRequested } from "../shared/replay-requested.js";
import { createModernMcpServer } from "./modern-server.js";
import { modernEnvelope } from "./raw-requests.js";

const ALL_CAPABILITIES = { sampling: {}, elicitation: {}, roots: {} };
const calls = new Map<string, number>();

function ask(request: BackendRequest) {
  if (!request.requestClient) throw new Error("no requestClient");
  return request.requestClient;
}

const nameSchema = {
  type: "object" as const,
  properties: { name: { type: "string" as const } },
  required: ["name"],
};

const backend = createPlainBackend({
  name: "mrtr",
  version: "1.0.0",
  tools: [
    {
      name: "greet",
      inputSchema: { type: "object", properties: { style: { type: "string" } } },
      call: async (args, request) => {
        calls.set("greet", (calls.get("greet") ?? 0) + 1);
        const answer = await ask(request)(
          {
            method: "elicitation/create",
            params: { message: "What is your name?", requestedSchema: nameSchema },
          },
          { inputKey: "user_name" },
        );
        const name = (answer.content as { name: string }).name;
        return { content: [{ type: "text", text: `${String(args.style ?? "Hello")}, ${name}!` }] };
      },
    },
    {
      name: "two_steps",
      inputSchema: { type: "object" },
      call: async (_args, request) => {
        calls.set("two_steps", (calls.get("two_steps") ?? 0) + 1);
        const first = await ask(request)({
          method: "elicitation/create",
          params: { message: "Step 1", requestedSchema: nameSchema },
        });
        const second = await ask(request)({ method: "roots/list" });
        return { content: [{ type: "text", text: JSON.stringify({ first, second }) }] };
      },
    },
    {
      name: "all_at_once",
      inputSchema: { type: "object" },
      call: async (_args, request) => {
        const answers = await Promise.all([
          ask(request)({ method: "roots/list" }, { inputKey: "client_roots" }),
          ask(request)(
            {
              method: "sampling/createMessage",
              params: { messages: [{ role: "user", content: { type: "text", text: "Hi" } }], maxTokens: 10 },
            },
            { inputKey: "greeting" },
          ),
        ]);
        return { content: [{ type: "text", text: `${answers.length} answers` }] };
      },
    },
    {
      name: "samples_with_tools",
      inputSchema: { type: "object" },
      call: async (_args, request) => {
        await ask(request)({
          method: "sampling/createMessage",
          params: {
            messages: [{ role: "user", content: { type: "text", text: "?" } }],
            maxTokens: 10,
            tools: [{ name: "t", inputSchema: { type: "object" } }],
          },
        });
        return { content: [{ type: "text", text: "sampled" }] };
      },
    },
    {
      // Asks a sampling question, then a roots question, on its first two runs, and an
      // elicitation question first after that; it turns a failed question into a complete
      // result, as a guest that catches errors does.
      name: "fickle",
      inputSchema: { type: "object" },
      call: async (_args, request) => {
        const run = (calls.get("fickle") ?? 0) + 1;
        calls.set("fickle", run);
        try {
          await ask(request)(
            run <= 2
              ? {
                  method: "sampling/createMessage",
                  params: {
                    messages: [{ role: "user", content: { type: "text", text: "?" } }],
                    maxTokens: 9,
                  },
                }
              : { method: "elicitation/create", params: { message: "?", requestedSchema: nameSchema } },
            { inputKey: "q" },
          );
          await ask(request)({ method: "roots/list" }, { inputKey: "r" });
          return { content: [{ type: "text", text: "answered" }] };
        } catch (error) {
          return { content: [{ type: "text", text: `not answered: ${(error as Error).message}` }] };
        }
      },
    },
    {
      name: "prefers_elicitation",
      inputSchema: { type: "object" },
      call: async (_args, request) => {
        try {
          await ask(request)({
            method: "elicitation/create",
            params: { message: "?", requestedSchema: nameSchema },
          });
          return { content: [{ type: "text", text: "elicited" }] };
        } catch (error) {
          if ((error as { code?: number }).code !== -32601) throw error;
          const sampled = await ask(request)({
            method: "sampling/createMessage",
            params: { messages: [{ role: "user", content: { type: "text", text: "?" } }], maxTokens: 10 },
          });
          return { content: [{ type: "text", text: `sampled ${JSON.stringify(sampled.content)}` }] };
        }
      },
    },
    {
      // What a backend sees of a question without an answer: its signal aborted for a replay.
      name: "watch_signal",
      inputSchema: { type: "object" },
      call: async (_args, request) => {
        const question = { method: "roots/list" } as const;
        if (request.requestClientNow) {
          try {
            const now = request.requestClientNow(question, { inputKey: "roots" });
            signalSeen.push({ now: JSON.stringify(now), aborted: request.signal.aborted });
            return { content: [{ type: "text", text: "answered at once" }] };
          } catch (error) {
            signalSeen.push({
              aborted: request.signal.aborted,
              replay: isReplayRequested(request.signal.reason),
              rejectedWithReason: error === request.signal.reason,
            });
            throw error;
          }
        }
        throw new Error("no requestClientNow");
      },
    },
  ],
});
const signalSeen: Json[] = [];

const handler = createMcpHandler(() => createModernMcpServer(backend, { onInternalError: () => {} }), {
  legacy: "reject",
  responseMode: "json",
});
const otherReplica = createMcpHandler(
  () => createModernMcpServer(backend, { onInternalError: () => {}, requestStateKey: "k".repeat(32) }),
  { legacy: "reject", responseMode: "json" },
);

type Json = Record<string, unknown>;

/** Posts one 2026-07-28 `tools/call`; `extra` adds `inputResponses`/`requestState`. */
async function callTool(
  name: string,
  extra: Json = {},
  capabilities: Json = ALL_CAPABILITIES,
  target = handler,
): Promise<{ result?: Json; error?: Json; status: number }> {
  const params = {
    name,
    arguments: (extra.arguments as Json | undefined) ?? {},
    ...extra,
    _meta: modernEnvelope({ capabilities }),
  };
  const response = await target.fetch(
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

const accept = (content: Json) => ({ action: "accept", content });

describe("MRTR on the 2026 face: a backend's client requests by deterministic replay", () => {
  it("aborts the backend's signal with a ReplayRequested reason, and answers a retry at once", async () => {
    signalSeen.length = 0;
    const first = await callTool("watch_signal");
    expect(first.result).toMatchObject({ resultType: "input_required", inputRequests: { roots: {} } });
    expect(signalSeen).toEqual([{ aborted: true, replay: true, rejectedWithReason: true }]);
    const retry = await callTool("watch_signal", {
      inputResponses: { roots: { roots: [{ uri: "file:///r" }] } },
      requestState: first.result?.requestState,
    });
    expect(retry.result).toMatchObject({ resultType: "complete", content: [{ text: "answered at once" }] });
    expect(signalSeen[1]).toEqual({ now: JSON.stringify({ roots: [{ uri: "file:///r" }] }), aborted: false });
  });

  it("answers input_required with the request under the backend's key, then completes on the retry", async () => {
    const first = await callTool("greet");
    expect(first.result).toMatchObject({
      resultType: "input_required",
      inputRequests: {
        user_name: { method: "elicitation/create", params: { message: "What is your name?" } },
      },
    });
    expect(first.result?.requestState).toMatch(/^v1\./);
    const second = await callTool("greet", {
      inputResponses: { user_name: accept({ name: "Alice" }) },
      requestState: first.result?.requestState,
    });
    expect(second.result).toMatchObject({ resultType: "complete", content: [{ text: "Hello, Alice!" }] });
  });

  it("takes the first answer without state, ignores unknown keys, and re-requests a missing one", async () => {
    const extra = await callTool("greet", {
      inputResponses: { user_name: accept({ name: "Bob" }), unknown: accept({ x: 1 }) },
    });
    expect(extra.result).toMatchObject({ resultType: "complete", content: [{ text: "Hello, Bob!" }] });
    const wrong = await callTool("greet", { inputResponses: { wrong_key: accept({ data: "x" }) } });
    expect(wrong.result).toMatchObject({ resultType: "input_required", inputRequests: { user_name: {} } });
    const invalid = await callTool("greet", { inputResponses: { user_name: 12345 } });
    expect(invalid.result).toMatchObject({ resultType: "input_required" });
  });

  it("validates an elicited answer against the requested schema", async () => {
    const bad = await callTool("greet", { inputResponses: { user_name: accept({ name: 7 }) } });
    expect(bad.error).toMatchObject({ code: -32602 });
  });

  it("runs several rounds, each with a new sealed state, and re-runs the backend from the start", async () => {
    calls.set("two_steps", 0);
    const r1 = await callTool("two_steps");
    expect(r1.result).toMatchObject({ resultType: "input_required", inputRequests: { "0": {} } });
    const r2 = await callTool("two_steps", {
      inputResponses: { "0": accept({ name: "Alice" }) },
      requestState: r1.result?.requestState,
    });
    expect(r2.result).toMatchObject({
      resultType: "input_required",
      inputRequests: { "1": { method: "roots/list" } },
    });
    expect(r2.result?.requestState).not.toBe(r1.result?.requestState);
    const r3 = await callTool("two_steps", {
      inputResponses: { "1": { roots: [{ uri: "file:///r" }] } },
      requestState: r2.result?.requestState,
    });
    expect(r3.result).toMatchObject({ resultType: "complete" });
    expect(JSON.parse(((r3.result?.content ?? []) as { text: string }[])[0]?.text ?? "")).toMatchObject({
      first: { content: { name: "Alice" } },
      second: { roots: [{ uri: "file:///r" }] },
    });
    expect(calls.get("two_steps")).toBe(3);
  });

  it("asks every request a backend makes at once in one round", async () => {
    const first = await callTool("all_at_once");
    expect(Object.keys((first.result?.inputRequests ?? {}) as Json).sort()).toEqual([
      "client_roots",
      "greeting",
    ]);
    const done = await callTool("all_at_once", {
      inputResponses: {
        client_roots: { roots: [] },
        greeting: { role: "assistant", content: { type: "text", text: "Hey" }, model: "m" },
      },
      requestState: first.result?.requestState,
    });
    expect(done.result).toMatchObject({ resultType: "complete", content: [{ text: "2 answers" }] });
  });

  it("rejects a tampered, rebound or foreign state with the spec's -32602", async () => {
    const first = await callTool("two_steps");
    const state = String(first.result?.requestState);
    const retry = (requestState: string, args: Json = {}, target = handler) =>
      callTool(
        "two_steps",
        { arguments: args, inputResponses: { "0": accept({ name: "A" }) }, requestState },
        ALL_CAPABILITIES,
        target,
      );
    const invalid = { code: -32602, message: "Invalid or expired requestState" };
    expect((await retry(`${state}-TAMPERED`)).error).toMatchObject(invalid);
    expect((await retry(state, { other: 1 })).error).toMatchObject(invalid);
    expect((await retry(state, {}, otherReplica)).error).toMatchObject(invalid);
  });

  it("refuses with -32602 a replay whose backend asks something else than the sealed record, whatever the backend makes of it", async () => {
    calls.set("fickle", 0);
    const first = await callTool("fickle");
    expect(first.result).toMatchObject({
      resultType: "input_required",
      inputRequests: { q: { method: "sampling/createMessage" } },
    });
    const sampled = { role: "assistant", content: { type: "text", text: "hi" }, model: "m" };
    const second = await callTool("fickle", {
      inputResponses: { q: sampled },
      requestState: first.result?.requestState,
    });
    // The sampling answer is now sealed in the state; the third run asks elicitation in its place.
    expect(second.result).toMatchObject({ resultType: "input_required", inputRequests: { r: {} } });
    const third = await callTool("fickle", {
      inputResponses: { r: { roots: [] } },
      requestState: second.result?.requestState,
    });
    expect(third.result).toBeUndefined();
    expect(third.error).toMatchObject({ code: -32602, message: "Invalid or expired requestState" });
  });

  it("refuses with -32602 an answer that does not fit its question, even from a backend that catches errors", async () => {
    calls.set("fickle", 0);
    const answer = await callTool("fickle", { inputResponses: { q: { wrong: true } } });
    expect(answer.result).toBeUndefined();
    expect(answer.error).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/^Invalid input response "q" for sampling\/createMessage/),
    });
  });

  it("refuses inputResponses that is no object, and requestState that is no string, with -32602", async () => {
    for (const inputResponses of ["nope", [accept({ name: "A" })], null, 7]) {
      const answer = await callTool("greet", { inputResponses });
      expect(answer.error, JSON.stringify(inputResponses)).toMatchObject({
        code: -32602,
        message: expect.stringMatching(/^Invalid params: inputResponses must be an object/),
      });
    }
    for (const requestState of [7, null, { a: 1 }]) {
      const answer = await callTool("greet", { requestState });
      expect(answer.error, JSON.stringify(requestState)).toMatchObject({ code: -32602 });
    }
  });

  it("answers -32021 naming a capability the backend asked for and the request did not declare (HTTP 400)", async () => {
    // However the backend goes on (here it falls back to sampling), it relied on elicitation.
    const refused = await callTool("prefers_elicitation", {}, { sampling: {} });
    expect(refused.status).toBe(400);
    expect(refused.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { elicitation: {} } },
    });
    expect(refused.result).toBeUndefined();
    const none = await callTool("all_at_once", {}, {});
    expect(none.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { roots: {}, sampling: {} } },
    });
    // Declared, the same request is asked for as usual.
    expect((await callTool("prefers_elicitation", {}, { elicitation: {} })).result).toMatchObject({
      resultType: "input_required",
      inputRequests: { "0": { method: "elicitation/create" } },
    });
  });

  it("names a missing capability member (elicitation.url, sampling.tools) in the ClientCapabilities shape", async () => {
    const refused = await callTool("samples_with_tools", {}, { sampling: {} });
    expect(refused.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { sampling: { tools: {} } } },
    });
  });
});

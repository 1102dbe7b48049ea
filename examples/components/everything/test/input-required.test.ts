// The input-required-result-* fixtures on MCP 2026-07-28: the router's 2026 face (SDK v2
// createMcpHandler) over the built component, each round a fresh run of the tool (MRTR replay).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createMcpHandler } from "@modelcontextprotocol/server";
import { type LoadedComponent, loadComponent } from "@wasi-mcp/host";
import { createModernMcpServer, modernHeaders, modernRequest } from "@wasi-mcp/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const wasm = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "everything.wasm");
const ALL = { sampling: {}, elicitation: {}, roots: {} };
type Json = Record<string, unknown>;
type Reply = { result?: Json; error?: Json };

describe.each(["worker", "in-process"] as const)(
  "everything component: input-required-result fixtures on MCP 2026-07-28 (isolation: %s)",
  (isolation) => {
    let component: LoadedComponent | undefined;
    let handler: ReturnType<typeof createMcpHandler>;

    beforeAll(async () => {
      component = await loadComponent(wasm, { policy: { isolation } });
      const backend = component.backend;
      handler = createMcpHandler(() => createModernMcpServer(backend), {
        legacy: "reject",
        responseMode: "json",
      });
    });
    afterAll(() => component?.close());

    async function send(method: string, params: Json, capabilities: Json = ALL): Promise<Reply> {
      const body = modernRequest(1, method, params, {
        clientInfo: { name: "test", version: "0" },
        capabilities,
      });
      const response = await handler.fetch(
        new Request("http://localhost/mcp", {
          method: "POST",
          headers: modernHeaders(body),
          body: JSON.stringify(body),
        }),
      );
      return (await response.json()) as Reply;
    }
    const call = (name: string, extra: Json = {}, capabilities: Json = ALL) =>
      send("tools/call", { name, arguments: {}, ...extra }, capabilities);
    const text = (reply: Reply) => ((reply.result?.content ?? []) as { text?: string }[])[0]?.text;
    const accept = (content: Json) => ({ action: "accept", content });

    it("asks the user's name, then greets them", async () => {
      const first = await call("test_input_required_result_elicitation");
      expect(first.result).toMatchObject({
        resultType: "input_required",
        inputRequests: {
          user_name: {
            method: "elicitation/create",
            params: { message: "What is your name?", requestedSchema: { required: ["name"] } },
          },
        },
      });
      const done = await call("test_input_required_result_elicitation", {
        inputResponses: { user_name: accept({ name: "Alice" }) },
        requestState: first.result?.requestState,
      });
      expect(text(done)).toBe("Hello, Alice!");
    });

    it("completes at once when the first request already carries the named answer (no state)", async () => {
      const done = await call("test_input_required_result_elicitation", {
        inputResponses: { user_name: accept({ name: "Bob" }), unknown_extra_key: accept({ x: 1 }) },
      });
      expect(text(done)).toBe("Hello, Bob!");
    });

    it("asks for the client's roots, then lists them", async () => {
      const first = await call("test_input_required_result_list_roots");
      expect(first.result).toMatchObject({
        resultType: "input_required",
        inputRequests: { client_roots: { method: "roots/list" } },
      });
      const done = await call("test_input_required_result_list_roots", {
        inputResponses: {
          client_roots: { roots: [{ uri: "file:///src", name: "src" }, { uri: "file:///tmp" }] },
        },
        requestState: first.result?.requestState,
      });
      expect(text(done)).toBe("Roots: src, file:///tmp");
    });

    it("asks elicitation, sampling and roots in one round", async () => {
      const first = await call("test_input_required_result_multiple_inputs");
      expect(first.result).toMatchObject({ resultType: "input_required" });
      expect(first.result?.inputRequests).toEqual({
        user_name: expect.objectContaining({ method: "elicitation/create" }),
        greeting: expect.objectContaining({
          method: "sampling/createMessage",
          params: expect.objectContaining({ maxTokens: 50 }),
        }),
        client_roots: { method: "roots/list", params: {} },
      });
      const done = await call("test_input_required_result_multiple_inputs", {
        inputResponses: {
          user_name: accept({ name: "Alice" }),
          greeting: { role: "assistant", content: { type: "text", text: "Hello there!" }, model: "m" },
          client_roots: { roots: [{ uri: "file:///home", name: "home" }] },
        },
        requestState: first.result?.requestState,
      });
      expect(text(done)).toBe("Hello there! (for Alice; roots: home)");
    });

    it("refuses roots to a client that did not declare them", async () => {
      const reply = await call("test_input_required_result_list_roots", {}, { elicitation: {} });
      expect(reply.result ?? reply.error).toBeDefined();
      expect(JSON.stringify(reply)).toMatch(/roots/);
    });

    it("runs two rounds of questions with a new state each, then completes", async () => {
      const r1 = await call("test_input_required_result_multi_round");
      const r2 = await call("test_input_required_result_multi_round", {
        inputResponses: { "0": accept({ name: "Alice" }) },
        requestState: r1.result?.requestState,
      });
      expect(r2.result).toMatchObject({
        resultType: "input_required",
        inputRequests: { "1": { params: { message: "Step 2: What is your favorite color?" } } },
      });
      const r3 = await call("test_input_required_result_multi_round", {
        inputResponses: { "1": accept({ color: "blue" }) },
        requestState: r2.result?.requestState,
      });
      expect(text(r3)).toBe("Alice likes blue");
    });

    it("asks through sampling only when the client declared just sampling", async () => {
      const first = await call("test_input_required_result_capabilities", {}, { sampling: {} });
      expect(first.result).toMatchObject({
        resultType: "input_required",
        inputRequests: { "0": { method: "sampling/createMessage" } },
      });
    });

    it("rejects a tampered requestState", async () => {
      const first = await call("test_input_required_result_tampered_state");
      const tampered = await call("test_input_required_result_tampered_state", {
        inputResponses: { "0": accept({ ok: true }) },
        requestState: `${String(first.result?.requestState)}-TAMPERED`,
      });
      expect(tampered.error).toMatchObject({ code: -32602, message: "Invalid or expired requestState" });
    });

    it("asks before answering prompts/get", async () => {
      const first = await send("prompts/get", { name: "test_input_required_result_prompt" });
      expect(first.result).toMatchObject({ resultType: "input_required" });
      const done = await send("prompts/get", {
        name: "test_input_required_result_prompt",
        inputResponses: { "0": accept({ context: "tests" }) },
        requestState: first.result?.requestState,
      });
      expect(done.result).toMatchObject({
        resultType: "complete",
        messages: [{ role: "user", content: { type: "text", text: "Use this context: tests" } }],
      });
    });

    it("sends the component's cache hint with a read, the host's default elsewhere", async () => {
      const read = await send("resources/read", { uri: "test://static-text" });
      expect(read.result).toMatchObject({ resultType: "complete", ttlMs: 60_000, cacheScope: "public" });
      const other = await send("resources/read", { uri: "test://static-binary" });
      expect(other.result).toMatchObject({ ttlMs: 0, cacheScope: "private" });
      const list = await send("tools/list", {});
      expect(list.result).toMatchObject({ ttlMs: 0, cacheScope: "private" });
    });
  },
);

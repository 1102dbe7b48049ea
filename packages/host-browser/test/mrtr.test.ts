// Issue 26 in the browser host: a call stopped for an MCP 2026-07-28 question (MRTR) keeps its
// Web Worker instance — state, registrations, no restart — and what the stopped guest still does
// is discarded. The page has no 2026 face (serveInPage serves 2025-11-25), so each test drives the
// component's backend as the router's 2026 face does: the request's `requestClient` aborts the
// request's signal with a `ReplayRequested` reason and rejects with it (recognised by name, as
// across package copies).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserPage, componentUrl, inPage, openBrowserPage } from "./browser-page.js";

describe("MRTR in headless Chromium", () => {
  let browser: BrowserPage | undefined;
  const page = () => (browser as BrowserPage).page;

  beforeAll(async () => {
    browser = await openBrowserPage({ crossOriginIsolated: true });
    await inPage(page(), (f, url) => f.connect(url), componentUrl("everything"));
    await inPage(page(), (f, url) => f.connect(url), componentUrl("host-fixture"));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("keeps everything's dynamic prompt and counter across a stopped test_elicitation, with no restart", async () => {
    const out = await inPage(
      page(),
      async (f) => {
        const backend = f.component("everything").backend;
        const asked: string[] = [];
        const request = (stops: boolean) => {
          const controller = new AbortController();
          return {
            requestId: 1,
            signal: controller.signal,
            clientCapabilities: { elicitation: {} },
            requestClient: async (question: { method: string }) => {
              asked.push(question.method);
              if (stops) {
                controller.abort(Object.assign(new Error("input required"), { name: "ReplayRequested" }));
                throw controller.signal.reason;
              }
              return { action: "accept", content: { username: "ada" } };
            },
          };
        };
        const text = (result: unknown) => (result as { content: { text: string }[] }).content[0]?.text;
        const first = text(await backend.callTool("test_trigger_prompt_change", {}, request(false)));
        const stopped = await backend.callTool("test_elicitation", { message: "Who?" }, request(true)).then(
          (result: unknown) => `answered ${JSON.stringify(result)}`,
          (error: Error) => error.name,
        );
        const prompts = backend.listPrompts().map((p: { name: string }) => p.name);
        const prompt = await backend.getPrompt("test_dynamic_prompt_1", {}, request(false));
        const replayed = text(
          await backend.callTool("test_elicitation", { message: "Who?" }, request(false)),
        );
        const second = text(await backend.callTool("test_trigger_prompt_change", {}, request(false)));
        return {
          first,
          stopped,
          prompts,
          prompt: JSON.stringify(prompt),
          replayed,
          second,
          asked,
          restarts: f.component("everything").restarts(),
        };
      },
      undefined,
    );
    expect(out.first).toBe("Registered prompt test_dynamic_prompt_1");
    expect(out.stopped).toBe("ReplayRequested");
    expect(out.prompts).toContain("test_dynamic_prompt_1");
    expect(out.prompt).toContain("test_dynamic_prompt_1 says hello");
    expect(out.replayed).toBe('User response: action=accept, content={"username":"ada"}');
    expect(out.second).toBe("Registered prompt test_dynamic_prompt_2");
    expect(out.asked).toEqual(["elicitation/create", "elicitation/create"]);
    expect(out.restarts).toBe(0);
  });

  it("answers without waiting for a guest that ignores the outcome, discards its chatter, queues the next call", async () => {
    const out = await inPage(
      page(),
      async (f) => {
        const backend = f.component("host-fixture").backend;
        const broadcast: string[] = [];
        backend.onEvent?.((event: { type: string; data?: unknown }) =>
          broadcast.push(event.type === "log" ? `log: ${String(event.data)}` : event.type),
        );
        const notified: string[] = [];
        const asked: string[] = [];
        const request = () => {
          const controller = new AbortController();
          return {
            requestId: 1,
            meta: { progressToken: "p" },
            signal: controller.signal,
            clientCapabilities: { elicitation: {}, sampling: {} },
            notify: async (notification: { method: string }) => void notified.push(notification.method),
            requestClient: async (question: { method: string }) => {
              asked.push(question.method);
              controller.abort(Object.assign(new Error("input required"), { name: "ReplayRequested" }));
              throw controller.signal.reason;
            },
          };
        };
        const text = (result: unknown) => (result as { content: { text: string }[] }).content[0]?.text;
        const before = Number(text(await backend.callTool("bump", {}, request())));
        const stopped = await backend
          .callTool("ask_and_chatter", { spinMs: 3_000, register: "late_page" }, request())
          .then(
            (result: unknown) => `answered ${JSON.stringify(result)}`,
            (error: Error) => error.name,
          );
        const doneWhenAnswered = broadcast.some((line) => line.includes("chatter done"));
        const next = Number(text(await backend.callTool("bump", {}, request())));
        return {
          before,
          stopped,
          doneWhenAnswered,
          next,
          broadcast,
          notified,
          asked,
          tools: backend.listTools().map((t: { name: string }) => t.name),
          restarts: f.component("host-fixture").restarts(),
        };
      },
      undefined,
    );
    expect(out.stopped).toBe("ReplayRequested");
    // The stopped guest was still spinning when its caller was answered.
    expect(out.doneWhenAnswered).toBe(false);
    // The next call ran after it, on the same instance.
    expect(out.next).toBe(out.before + 2);
    const done = out.broadcast.find((line) => line.includes("chatter done"));
    expect(done).toContain(`chatter done ${out.before + 1} `);
    // Both of its questions got the replay outcome.
    const outcomes = JSON.parse(done?.replace(/^log: chatter done \d+ /, "") ?? "[]") as string[];
    expect(outcomes.map((outcome) => JSON.parse(outcome))).toEqual([
      expect.objectContaining({ code: "cancelled", data: '{"replay":true}' }),
      expect.objectContaining({ code: "cancelled", data: '{"replay":true}' }),
    ]);
    // Only the first question reached the client side; no log, progress or notification of the
    // stopped call went anywhere; what it registered is the instance's and stays.
    expect(out.asked).toEqual(["elicitation/create"]);
    expect(out.notified).toEqual([]);
    expect(out.broadcast.join("\n")).not.toContain("chatter after the question");
    // (Guest stderr lines are logs of the component, not of a request: they stay.)
    expect(out.broadcast.filter((line) => !line.startsWith("log: "))).toEqual([
      "resource-updated",
      "tools-list-changed",
      "resource-updated",
    ]);
    expect(out.tools).toContain("late_page");
    expect(out.restarts).toBe(0);
  });

  it("withdraws what an instance registered after serve when that instance dies (ADR 0009)", async () => {
    const out = await inPage(
      page(),
      async (f) => {
        const backend = f.component("host-fixture").backend;
        const changes: string[] = [];
        backend.onEvent?.((event: { type: string }) => {
          if (event.type.endsWith("list-changed")) changes.push(event.type);
        });
        const request = () => ({ requestId: 1, signal: new AbortController().signal });
        const names = () => backend.listTools().map((t: { name: string }) => t.name);
        await backend.callTool("add_tool", { name: "owned_page" }, request());
        const listed = names().includes("owned_page");
        const trapped = await backend.callTool("owned_page", { trap: true }, request()).then(
          () => "answered",
          (error: Error) => error.message,
        );
        return { listed, trapped, after: names(), changes, restarts: f.component("host-fixture").restarts() };
      },
      undefined,
    );
    expect(out.listed).toBe(true);
    expect(out.trapped).toMatch(/trapped/);
    expect(out.after).not.toContain("owned_page");
    expect(out.after).toContain("echo");
    expect(out.changes).toEqual(["tools-list-changed", "tools-list-changed"]);
    expect(out.restarts).toBe(1);
  });
});

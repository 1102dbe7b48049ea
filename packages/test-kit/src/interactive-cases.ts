import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  type Progress,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { ServerFixture } from "./fixtures.js";
import type { TransportHarness, TransportUnderTest } from "./harness.js";
import type { InteractiveStats } from "./interactive-backend.js";
import { connectClient } from "./transport-suite.js";

/** The battery's cases that need a server able to notify, ask the client, and be cancelled. */
export function interactiveCases(transport: TransportUnderTest, fixture: ServerFixture): void {
  let harness: TransportHarness;
  beforeAll(async () => {
    harness = await transport.start(fixture);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("progress and log notifications arrive during the call, in order, before the result", async () => {
    const client = await connectClient(harness);
    const seen: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      seen.push(`log ${String(notification.params.data)}`);
    });
    const progress: Progress[] = [];
    const result = await client.callTool({ name: "notify", arguments: { count: 3 } }, undefined, {
      onprogress: (update) => {
        progress.push(update);
        seen.push(`progress ${update.progress}`);
      },
    });
    seen.push("result");
    expect(result.content).toEqual([{ type: "text", text: "done 3" }]);
    expect(progress.map((p) => [p.progress, p.total])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(seen).toEqual([
      "progress 1",
      "log step 1",
      "progress 2",
      "log step 2",
      "progress 3",
      "log step 3",
      "result",
    ]);
    await client.close();
  });

  it("a server→client request (elicitation) round-trips during the call", async () => {
    const client = await connectClient(harness, { elicitation: { form: {} } });
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return { action: "accept", content: { name: "Ada" } };
    });
    const result = await client.callTool({ name: "elicit", arguments: { message: "Who are you?" } });
    expect(asked).toEqual(["Who are you?"]);
    const text = (result.content as { text: string }[])[0]?.text ?? "";
    expect(JSON.parse(text)).toEqual({ action: "accept", content: { name: "Ada" } });
    await client.close();
  });

  it("cancellation reaches the server: the handler's signal fires, the session keeps serving", async () => {
    const client = await connectClient(harness);
    const before = await stats(client);
    const controller = new AbortController();
    const waiting = client.callTool({ name: "wait", arguments: {} }, undefined, {
      signal: controller.signal,
    });
    await vi.waitFor(async () => expect((await stats(client)).inFlight).toBe(before.inFlight + 1), {
      timeout: 10_000,
      interval: 20,
    });
    controller.abort("stop waiting");
    await expect(waiting).rejects.toThrow(/stop waiting/);
    await vi.waitFor(async () => expect((await stats(client)).cancelled).toBe(before.cancelled + 1), {
      timeout: 10_000,
      interval: 20,
    });
    expect((await stats(client)).inFlight).toBe(before.inFlight);
    await client.close();
  });

  it("a client that disconnects while a call waits leaves the server healthy", async () => {
    const leaving = await connectClient(harness);
    const before = await stats(leaving);
    const abandoned = leaving.callTool({ name: "wait", arguments: {} }).catch((error: unknown) => error);
    await vi.waitFor(async () => expect((await stats(leaving)).inFlight).toBe(before.inFlight + 1), {
      timeout: 10_000,
      interval: 20,
    });
    await leaving.close();
    await abandoned;
    const next = await connectClient(harness);
    expect(await next.callTool({ name: "echo", arguments: { text: "next" } })).toEqual({
      content: [{ type: "text", text: "next" }],
    });
    await next.close();
    await harness.assertHealthy();
  });
}

async function stats(client: Client): Promise<InteractiveStats> {
  const result = await client.callTool({ name: "stats", arguments: {} });
  return result.structuredContent as unknown as InteractiveStats;
}

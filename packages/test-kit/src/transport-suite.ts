import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { helloFixture, interactiveFixture } from "./fixtures.js";
import type { TransportHarness, TransportSuiteOptions, TransportUnderTest } from "./harness.js";
import { interactiveCases } from "./interactive-cases.js";

/**
 * Registers the shared transport battery for one transport: initialize, tools, cancellation, a
 * client that disconnects mid-call, many concurrent clients (basic fixture: the real hello
 * component), then progress and log notifications, elicitation and server-side cancellation
 * (interactive fixture). Every case uses the SDK `Client` against a real server.
 *
 * @example
 * ```ts
 * // test/http.test.ts
 * runTransportSuite({ name: "Streamable HTTP", concurrentClients: true, start: startHttp });
 * ```
 */
export function runTransportSuite(transport: TransportUnderTest, options: TransportSuiteOptions = {}): void {
  describe(`${transport.name}: basic cases on ${(options.basic ?? helloFixture).id}`, () => {
    afterEach(closeLeftoverClients);
    basicCases(transport, options);
  });
  describe(`${transport.name}: interactive cases on ${(options.interactive ?? interactiveFixture).id}`, () => {
    afterEach(closeLeftoverClients);
    interactiveCases(transport, options.interactive ?? interactiveFixture);
  });
}

const openClients = new Set<Client>();

/**
 * Connects a new SDK client over the harness's transport. Clients a case leaves open (an assertion
 * failed before its `close()`) are closed after it, so one failure does not leak into the next.
 */
export async function connectClient(
  harness: TransportHarness,
  capabilities: ClientCapabilities = {},
  name = "battery",
): Promise<Client> {
  const client = new Client({ name, version: "0.0.0" }, { capabilities });
  await client.connect(harness.clientTransport());
  openClients.add(client);
  const close = client.close.bind(client);
  client.close = async () => {
    openClients.delete(client);
    await close();
  };
  return client;
}

/** Closes the clients the last case left open. */
export async function closeLeftoverClients(): Promise<void> {
  const leftovers = [...openClients];
  openClients.clear();
  await Promise.all(leftovers.map((client) => client.close().catch(() => undefined)));
}

function basicCases(transport: TransportUnderTest, options: TransportSuiteOptions): void {
  let harness: TransportHarness;
  beforeAll(async () => {
    harness = await transport.start(options.basic ?? helloFixture);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("initializes: server identity and capabilities", async () => {
    const client = await connectClient(harness);
    expect(client.getServerVersion()).toMatchObject({ name: "hello", version: "0.1.0" });
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, resources: {}, prompts: {} });
    await client.close();
  });

  it("lists and calls tools", async () => {
    const client = await connectClient(harness);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["echo", "add"]);
    expect(await client.callTool({ name: "echo", arguments: { text: "héllo 🦀" } })).toEqual({
      content: [{ type: "text", text: "héllo 🦀" }],
    });
    const sum = await client.callTool({ name: "add", arguments: { a: 2, b: 40 } });
    expect(sum.structuredContent).toEqual({ sum: 42 });
    await client.close();
  });

  it("cancels a pending call: the caller gets the abort, the connection keeps serving", async () => {
    const client = await connectClient(harness);
    const controller = new AbortController();
    const pending = client.callTool({ name: "echo", arguments: { text: "never mind" } }, undefined, {
      signal: controller.signal,
    });
    controller.abort("changed my mind");
    await expect(pending).rejects.toThrow(/changed my mind/);
    expect(await client.callTool({ name: "echo", arguments: { text: "still here" } })).toEqual({
      content: [{ type: "text", text: "still here" }],
    });
    await client.close();
  });

  it("a client that disconnects mid-call leaves the server healthy", async () => {
    const leaving = await connectClient(harness);
    const abandoned = leaving
      .callTool({ name: "add", arguments: { a: 1, b: 2 } })
      .catch((error: unknown) => error);
    await leaving.close();
    await abandoned;
    const next = await connectClient(harness);
    expect((await next.callTool({ name: "add", arguments: { a: 20, b: 22 } })).structuredContent).toEqual({
      sum: 42,
    });
    await next.close();
    await harness.assertHealthy();
  });

  if (transport.concurrentClients) {
    const count = options.concurrentClients ?? 50;
    it(`${count} concurrent clients each get their own answers`, async () => {
      const clients = await Promise.all(
        Array.from({ length: count }, (_, i) => connectClient(harness, {}, `c${i}`)),
      );
      // Rounds in sequence per client, clients in parallel: 50 calls in flight at once.
      const answers = await Promise.all(
        clients.map(async (client, i) => {
          const texts: (string | undefined)[] = [];
          for (const round of [0, 1, 2]) {
            const result = await client.callTool({
              name: "echo",
              arguments: { text: `client ${i} round ${round}` },
            });
            texts.push((result.content as { text: string }[])[0]?.text);
          }
          return texts;
        }),
      );
      answers.forEach((texts, i) => {
        expect(texts).toEqual([0, 1, 2].map((round) => `client ${i} round ${round}`));
      });
      await Promise.all(clients.map((client) => client.close()));
      await harness.assertHealthy();
    });
  }
}

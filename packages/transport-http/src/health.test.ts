import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type CallToolResult, LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { createHttpServer } from "./http-server.js";
import { gate, testServer } from "./test-support.js";

/** Resolves once the `slow` tool is running on the server: it sends one log notification first. */
function slowToolStarted(client: Client): Promise<void> {
  return new Promise((resolve) =>
    client.setNotificationHandler(LoggingMessageNotificationSchema, () => resolve()),
  );
}

describe("health and drain (ADR 0011 §6)", () => {
  it("answers /healthz and /readyz with the readiness check's reason", async () => {
    let ready = false;
    const server = await createHttpServer({
      createServer: () => testServer(),
      readiness: () => (ready ? { ok: true } : { ok: false, reason: "Redis connecting" }),
    });
    try {
      const base = server.url;
      expect((await fetch(new URL("/healthz", base))).status).toBe(200);
      const unready = await fetch(new URL("/readyz", base));
      expect(unready.status).toBe(503);
      expect(await unready.text()).toBe("not ready: Redis connecting\n");
      ready = true;
      expect((await fetch(new URL("/readyz", base))).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("drains: not ready at once, the call in flight finishes, then it closes", async () => {
    const slow = gate();
    const server = await createHttpServer({ createServer: () => testServer({ slow }) });
    const client = new Client({ name: "drain", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    const started = slowToolStarted(client);
    const call = client.callTool({ name: "slow" }) as Promise<CallToolResult>;
    await started;
    const readyz = new URL("/readyz", server.url);
    const drained = server.drain(10_000);
    expect(server.httpServer.listening).toBe(false);
    setTimeout(() => slow.open(), 100);
    expect(((await call).content[0] as { text: string }).text).toBe("slow done");
    expect(await drained).toBe(true);
    await expect(fetch(readyz)).rejects.toThrow();
    await client.close().catch(() => {});
  });

  it("drains within its bound when a call does not finish", async () => {
    const server = await createHttpServer({ createServer: () => testServer({ slow: gate() }) });
    const client = new Client({ name: "drain", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    const started = slowToolStarted(client);
    const call = client.callTool({ name: "slow" });
    call.catch(() => {});
    await started;
    expect(await server.drain(200)).toBe(false);
    await client.close().catch(() => {});
  });
});

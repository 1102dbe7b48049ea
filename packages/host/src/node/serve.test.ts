import { PassThrough } from "node:stream";
import { createPlainBackend, modernEnvelope } from "@wasi-mcp/router";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, serveStdio } from "./serve.js";

const envelope = modernEnvelope();

function tool(name: string) {
  return { name, inputSchema: { type: "object" as const }, call: async () => ({ content: [] }) };
}

/** serveStdio over in-memory streams: write lines in, read parsed lines out. */
async function start() {
  const backend = createPlainBackend({ name: "demo", version: "1.0.0", tools: [tool("a")] });
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  let buffered = "";
  stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let end = buffered.indexOf("\n"); end !== -1; end = buffered.indexOf("\n")) {
      lines.push(JSON.parse(buffered.slice(0, end)) as Record<string, unknown>);
      buffered = buffered.slice(end + 1);
    }
  });
  const running = await serveStdio({ backend }, { stdin, stdout });
  const send = (message: object) => stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
  return { backend, running, lines, send, stdin };
}

async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(predicate()).toBe(true);
}

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("serveStdio: the opening message picks the era", () => {
  it("a 2025 initialize gets the 2025 server", async () => {
    const served = await start();
    running = served.running;
    served.send({
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "c", version: "0" } },
    });
    await until(() => served.lines.length === 1);
    expect(served.lines[0]).toMatchObject({ id: 1, result: { protocolVersion: "2025-11-25" } });
  });

  it("a 2026 request gets the 2026 server, and subscriptions/listen sees the backend's changes", async () => {
    const served = await start();
    running = served.running;
    served.send({ id: 1, method: "tools/list", params: { _meta: envelope } });
    served.send({
      id: 2,
      method: "subscriptions/listen",
      params: { notifications: { toolsListChanged: true }, _meta: envelope },
    });
    await until(() => served.lines.length === 2);
    expect(served.lines.find((line) => line.id === 1)).toMatchObject({
      result: { resultType: "complete", tools: [{ name: "a" }] },
    });
    served.backend.setTools([tool("a"), tool("b")]);
    await until(() => served.lines.some((line) => line.method === "notifications/tools/list_changed"));
  });

  it("closed settles when stdin ends", async () => {
    const served = await start();
    served.stdin.end();
    await served.running.closed;
  });
});

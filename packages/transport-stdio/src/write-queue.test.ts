import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { PassThrough, Writable } from "node:stream";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { WriteQueueOverflowError, WriteQueueStalledError } from "./errors.js";
import { serializeMessage } from "./framing.js";
import {
  DEFAULT_MAX_QUEUED_BYTES,
  DEFAULT_MAX_STALLED_MS,
  StdioServerTransport,
} from "./stdio-server-transport.js";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/**
 * A real pipe whose reader stops reading: the stdin of a child process that never reads it. Once
 * the kernel's pipe buffer is full, every write stays queued in the parent.
 */
async function pipeNobodyReads(): Promise<Writable> {
  const child = spawn(process.execPath, ["-e", "process.stdin.pause(); setInterval(() => {}, 1000)"], {
    stdio: ["pipe", "ignore", "ignore"],
  });
  children.push(child);
  await once(child, "spawn");
  return child.stdin as Writable;
}

/** An SDK server whose `big` tool answers with `bytes` bytes of text. */
function serverAnswering(bytes: number): Server {
  const server = new Server({ name: "big", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(CallToolRequestSchema, () => ({
    content: [{ type: "text", text: "x".repeat(bytes) }],
  }));
  return server;
}

function line(message: object): string {
  return serializeMessage({ jsonrpc: "2.0", ...message } as Parameters<typeof serializeMessage>[0]);
}

const INITIALIZE = line({
  id: 0,
  method: "initialize",
  params: {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: "t", version: "1" },
  },
});

describe("StdioServerTransport's write queue (maxQueuedBytes)", () => {
  it("defaults to 16 MiB and refuses nonsense", () => {
    expect(DEFAULT_MAX_QUEUED_BYTES).toBe(16 * 1024 * 1024);
    expect(() => new StdioServerTransport({ maxQueuedBytes: 0 })).toThrow(RangeError);
  });

  it("closes the connection with a WriteQueueOverflowError when the reader of a real pipe stops reading", async () => {
    const limit = 1024 * 1024;
    const stdin = new PassThrough();
    const stdout = await pipeNobodyReads();
    const transport = new StdioServerTransport({ stdin, stdout, maxQueuedBytes: limit });
    const errors: Error[] = [];
    const closed = new Promise<void>((resolve) => {
      transport.onclose = resolve;
    });
    const server = serverAnswering(200 * 1024);
    await server.connect(transport);
    // The SDK server takes over onclose/onerror; watch beside it.
    const sdkOnError = transport.onerror;
    transport.onerror = (error) => {
      errors.push(error);
      sdkOnError?.(error);
    };
    const sdkOnClose = transport.onclose;
    let closedCalls = 0;
    transport.onclose = () => {
      closedCalls++;
      sdkOnClose?.();
    };
    stdin.write(INITIALIZE);
    stdin.write(line({ method: "notifications/initialized" }));
    // 40 answers of 200 KiB: 8 MiB for a reader that takes 64 KiB (the pipe) and then nothing.
    for (let id = 1; id <= 40; id++) {
      stdin.write(line({ id, method: "tools/call", params: { name: "big", arguments: {} } }));
    }
    await closed;

    const overflow = errors.find((error) => error instanceof WriteQueueOverflowError);
    expect(overflow, errors.map((e) => e.message).join("\n")).toBeInstanceOf(WriteQueueOverflowError);
    expect(overflow?.message).toMatch(/not reading stdout.*1048576-byte limit.*closing the connection/);
    // What was queued never passed the limit.
    expect((overflow as WriteQueueOverflowError).queuedBytes).toBeLessThanOrEqual(limit);
    expect(stdout.writableLength).toBeLessThanOrEqual(limit);
    expect(closedCalls).toBe(1);
    // Closed: later sends fail at once, nothing more is queued, stdin is no longer read.
    await expect(transport.send({ jsonrpc: "2.0", method: "notifications/message" })).rejects.toThrow(
      /closed/,
    );
    expect(stdin.listenerCount("data")).toBe(0);
  });

  it("closes the connection with a WriteQueueStalledError when a queue within its bytes has not moved for maxStalledMs", async () => {
    expect(DEFAULT_MAX_STALLED_MS).toBe(60_000);
    expect(() => new StdioServerTransport({ maxStalledMs: 0 })).toThrow(RangeError);
    const stdin = new PassThrough();
    const stdout = await pipeNobodyReads();
    const transport = new StdioServerTransport({ stdin, stdout, maxStalledMs: 300 });
    const errors: Error[] = [];
    transport.onerror = (error) => errors.push(error);
    const closed = new Promise<void>((resolve) => {
      transport.onclose = resolve;
    });
    await transport.start();
    // 512 KiB for a reader that takes 64 KiB (the pipe) and then nothing: far below the 16 MiB
    // bound in bytes, so only the bound in time can end it.
    const text = "s".repeat(64 * 1024);
    const started = performance.now();
    const sends = Array.from({ length: 8 }, () =>
      transport.send({ jsonrpc: "2.0", method: "n", params: { text } }).catch((error: Error) => error),
    );
    await closed;
    const waited = performance.now() - started;
    const stalled = errors.find((error) => error instanceof WriteQueueStalledError);
    expect(stalled, errors.map((e) => e.message).join("\n")).toBeInstanceOf(WriteQueueOverflowError);
    expect(stalled?.message).toMatch(/not reading stdout.*waited more than 300 ms.*maxStalledMs.*closing/);
    expect(waited).toBeGreaterThanOrEqual(290);
    // The sends still queued fail; none is left hanging.
    const outcomes = await Promise.all(sends);
    expect(outcomes.some((outcome) => outcome instanceof Error)).toBe(true);
  });

  it("delivers everything to a reader that is slow but keeps reading, however much passes through", async () => {
    const stdin = new PassThrough();
    let received = 0;
    const stdout = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        setTimeout(callback, 1);
      },
    });
    const transport = new StdioServerTransport({ stdin, stdout, maxQueuedBytes: 64 * 1024 });
    const errors: Error[] = [];
    transport.onerror = (error) => errors.push(error);
    await transport.start();
    // 100 messages of 10 KiB, sent as each is accepted: never more than one queued.
    const text = "y".repeat(10 * 1024);
    for (let i = 0; i < 100; i++) await transport.send({ jsonrpc: "2.0", method: "n", params: { text } });
    await transport.close();
    expect(errors).toEqual([]);
    expect(received).toBeGreaterThan(100 * 10 * 1024);
  });

  it("writes one message larger than the limit when nothing else is queued", async () => {
    const stdin = new PassThrough();
    const chunks: Buffer[] = [];
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    const transport = new StdioServerTransport({ stdin, stdout, maxQueuedBytes: 1024 });
    await transport.start();
    await transport.send({ jsonrpc: "2.0", method: "n", params: { text: "z".repeat(4096) } });
    await transport.close();
    expect(Buffer.concat(chunks).length).toBeGreaterThan(4096);
  });
});

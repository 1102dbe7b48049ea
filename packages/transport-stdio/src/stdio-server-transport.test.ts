import { PassThrough, type Readable, Writable } from "node:stream";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type JSONRPCMessage,
  LATEST_PROTOCOL_VERSION,
  ListToolsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { InvalidMessageError, MessageTooLargeError } from "./errors.js";
import { LineDecoder, parseMessage, serializeMessage } from "./framing.js";
import { StdioServerTransport } from "./stdio-server-transport.js";

/** The client side of the pipe, built on the same framing: reads the server's stdout, writes its stdin. */
class LineClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;
  private readonly decoder = new LineDecoder();
  private readonly input: Readable;
  private readonly output: Writable;

  constructor(input: Readable, output: Writable) {
    this.input = input;
    this.output = output;
  }

  async start(): Promise<void> {
    this.input.on("data", this.handleData);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.output.write(serializeMessage(message));
  }

  async close(): Promise<void> {
    this.input.off("data", this.handleData);
    this.onclose?.();
  }

  private readonly handleData = (chunk: Buffer): void => {
    for (const item of this.decoder.append(chunk)) {
      if (item.kind !== "line") continue;
      try {
        this.onmessage?.(parseMessage(item.line));
      } catch (error) {
        this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      }
    }
  };
}

/** Records every line written to a stream. */
function tapLines(stream: Readable): string[] {
  const lines: string[] = [];
  const decoder = new LineDecoder();
  stream.on("data", (chunk: Buffer) => {
    for (const item of decoder.append(chunk)) if (item.kind === "line") lines.push(item.line);
  });
  return lines;
}

/** A sink with a tiny buffer whose writes complete slowly, recording each chunk it receives. */
function slowSink(): { sink: Writable; chunks: string[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString("utf8"));
      setTimeout(callback, 1);
    },
  });
  return { sink, chunks };
}

function request(id: number, method = "ping"): string {
  return serializeMessage({ jsonrpc: "2.0", id, method });
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function pipes(maxMessageBytes?: number) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const transport = new StdioServerTransport({ stdin, stdout, maxMessageBytes });
  const output = tapLines(stdout);
  const errors: Error[] = [];
  transport.onerror = (error) => errors.push(error);
  cleanups.push(() => transport.close());
  return { stdin, stdout, transport, output, errors };
}

describe("StdioServerTransport with the MCP SDK", () => {
  it("serves initialize and tools/list to an SDK Client", async () => {
    const { stdin, stdout, transport, output, errors } = pipes();
    const server = new Server({ name: "test-server", version: "1.2.3" }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: [{ name: "echo", description: "Echoes text", inputSchema: { type: "object" } }],
    }));
    await server.connect(transport);

    const client = new Client({ name: "test-client", version: "0.0.1" });
    await client.connect(new LineClientTransport(stdout, stdin));
    cleanups.unshift(() => client.close());

    expect(client.getServerVersion()).toEqual({ name: "test-server", version: "1.2.3" });
    expect(client.getServerCapabilities()?.tools).toBeDefined();
    expect(server.getClientVersion()).toEqual({ name: "test-client", version: "0.0.1" });

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["echo"]);

    // stdout carried protocol lines only: the initialize result and the tools/list result.
    expect(output.map((line) => parseMessage(line))).toMatchObject([
      { jsonrpc: "2.0", id: 0, result: { protocolVersion: LATEST_PROTOCOL_VERSION } },
      { jsonrpc: "2.0", id: 1, result: { tools: [{ name: "echo" }] } },
    ]);
    expect(errors).toEqual([]);
  });

  it("answers an oversize message with an error and still processes the next one", async () => {
    const { stdin, transport, output, errors } = pipes(64);
    const server = new Server({ name: "s", version: "1" }, { capabilities: {} });
    await server.connect(transport);

    stdin.write(`{"jsonrpc":"2.0","id":9,"method":"ping","params":{"pad":"${"x".repeat(100)}`);
    stdin.write(`"}}\n${request(1)}`);
    await vi.waitFor(() => expect(output).toHaveLength(2));

    expect(output[0]).toBe(
      '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Message exceeds the 64-byte limit"}}',
    );
    expect(JSON.parse(output[1] ?? "")).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(MessageTooLargeError);
    expect(errors[0]?.message).toMatch(/^\[@wasi-mcp\/transport-stdio\] Message exceeds the 64-byte limit/);
  });
});

describe("StdioServerTransport and invalid UTF-8", () => {
  it("answers a line that is not valid UTF-8 with a parse error instead of guessing its text", async () => {
    const { stdin, transport, output, errors } = pipes(1024);
    const server = new Server({ name: "s", version: "1" }, { capabilities: {} });
    await server.connect(transport);
    // An id with a byte that is no UTF-8: decoding it leniently would answer another id.
    stdin.write(
      Buffer.concat([
        Buffer.from('{"jsonrpc":"2.0","id":"a'),
        Buffer.from([0xff]),
        Buffer.from('","method":"ping"}\n'),
      ]),
    );
    stdin.write(`${request(1)}`);
    await vi.waitFor(() => expect(output).toHaveLength(2));
    expect(JSON.parse(output[0] ?? "")).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32700, message: "Parse error: the line is not valid UTF-8" },
    });
    expect(JSON.parse(output[1] ?? "")).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
    expect(errors.map((error) => error.message)).toEqual([
      "[@wasi-mcp/transport-stdio] dropped a line that is not valid UTF-8",
    ]);
  });
});

describe("StdioServerTransport on raw streams", () => {
  it("delivers each complete line to onmessage, across chunk boundaries", async () => {
    const { stdin, transport } = pipes();
    const received: JSONRPCMessage[] = [];
    transport.onmessage = (message) => received.push(message);
    await transport.start();

    const bytes = Buffer.from(`${request(1)}\r\n${request(2, "tools/list")}`);
    for (const byte of bytes) stdin.write(Buffer.of(byte));
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received).toEqual([
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { jsonrpc: "2.0", id: 2, method: "tools/list" },
    ]);
  });

  it("rejects a second start()", async () => {
    const { transport } = pipes();
    await transport.start();
    await expect(transport.start()).rejects.toThrow(/^\[@wasi-mcp\/transport-stdio\] .*already started/);
  });

  it("answers invalid JSON with -32700 and an invalid request with -32600, then carries on", async () => {
    const { stdin, transport, output, errors } = pipes();
    const received: JSONRPCMessage[] = [];
    transport.onmessage = (message) => received.push(message);
    await transport.start();

    stdin.write('{"jsonrpc":"2.0","id":1,"method":\n'); // not JSON
    stdin.write('{"jsonrpc":"2.0","id":"r2","method":42}\n'); // JSON, invalid request with an id
    stdin.write('{"jsonrpc":"2.0","method":42}\n'); // invalid notification: reported, never answered
    stdin.write(request(3));
    await vi.waitFor(() => expect(received).toHaveLength(1));
    await vi.waitFor(() => expect(output).toHaveLength(2));

    expect(received).toEqual([{ jsonrpc: "2.0", id: 3, method: "ping" }]);
    expect(output.map((line) => JSON.parse(line))).toEqual([
      { jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } },
      { jsonrpc: "2.0", id: "r2", error: { code: -32600, message: "Invalid Request" } },
    ]);
    expect(errors).toHaveLength(3);
    expect(errors.every((error) => error instanceof InvalidMessageError)).toBe(true);
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/^\[@wasi-mcp\/transport-stdio\] Invalid JSON: /),
      "[@wasi-mcp/transport-stdio] Not a JSON-RPC 2.0 message",
      "[@wasi-mcp/transport-stdio] Not a JSON-RPC 2.0 message",
    ]);
  });

  it("answers a JSON array (a batch) with one -32600 and id null, then carries on", async () => {
    const { stdin, transport, output } = pipes();
    const received: JSONRPCMessage[] = [];
    transport.onmessage = (message) => received.push(message);
    await transport.start();
    stdin.write(`[${request(1).trim()},${request(2).trim()}]\n`);
    stdin.write(request(3));
    await vi.waitFor(() => expect(received).toHaveLength(1));
    await vi.waitFor(() => expect(output).toHaveLength(1));
    expect(received).toEqual([{ jsonrpc: "2.0", id: 3, method: "ping" }]);
    expect(JSON.parse(output[0] ?? "")).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: {
        code: -32600,
        message: "Invalid Request: JSON-RPC batches are not supported; send one message per line",
      },
    });
  });

  it("respects backpressure: every message arrives complete, in order, one write per line", async () => {
    const stdin = new PassThrough();
    const { sink, chunks } = slowSink();
    const transport = new StdioServerTransport({ stdin, stdout: sink });
    cleanups.push(() => transport.close());
    await transport.start();
    const write = vi.spyOn(sink, "write");
    const drain = vi.fn();
    sink.on("drain", drain);

    const count = 40;
    const resolved: number[] = [];
    const sends = Array.from({ length: count }, (_, id) =>
      transport
        .send({ jsonrpc: "2.0", id, result: { text: `message ${id} ${"é".repeat(id * 3)}` } })
        .then(() => resolved.push(id)),
    );
    await Promise.all(sends);
    await transport.close();

    expect(chunks).toHaveLength(count);
    expect(chunks.every((chunk) => chunk.endsWith("\n") && chunk.indexOf("\n") === chunk.length - 1)).toBe(
      true,
    );
    expect(chunks.map((chunk) => parseMessage(chunk.slice(0, -1)))).toEqual(
      Array.from({ length: count }, (_, id) => ({
        jsonrpc: "2.0",
        id,
        result: { text: `message ${id} ${"é".repeat(id * 3)}` },
      })),
    );
    expect(resolved).toEqual(Array.from({ length: count }, (_, id) => id));

    // Backpressure was exercised, and no write followed a `false` before the next 'drain'.
    const refused = write.mock.results.flatMap((result, index) => (result.value === false ? [index] : []));
    expect(refused.length).toBeGreaterThan(0);
    for (const index of refused) {
      const after = write.mock.invocationCallOrder[index] ?? 0;
      const next = write.mock.invocationCallOrder[index + 1] ?? Number.POSITIVE_INFINITY;
      expect(drain.mock.invocationCallOrder.some((order) => order > after && order < next)).toBe(true);
    }
  });

  it("calls onclose once on stdin EOF, after pending writes flushed, and detaches from stdin", async () => {
    const stdin = new PassThrough();
    const { sink, chunks } = slowSink();
    const transport = new StdioServerTransport({ stdin, stdout: sink });
    const onclose = vi.fn(() => expect(chunks).toHaveLength(5));
    transport.onclose = onclose;
    await transport.start();

    for (let id = 0; id < 5; id++) void transport.send({ jsonrpc: "2.0", id, result: {} });
    stdin.end();
    await vi.waitFor(() => expect(onclose).toHaveBeenCalledTimes(1));
    await transport.close();
    await transport.close();

    expect(onclose).toHaveBeenCalledTimes(1);
    expect(onclose).toHaveReturned();
    expect(stdin.listenerCount("data")).toBe(0);
    expect(stdin.listenerCount("end")).toBe(0);
    await expect(transport.send({ jsonrpc: "2.0", id: 6, result: {} })).rejects.toThrow(
      /transport is closed/,
    );
  });

  it("reports an unterminated message at EOF", async () => {
    const { stdin, transport, errors } = pipes();
    const onclose = vi.fn();
    transport.onclose = onclose;
    await transport.start();
    stdin.end('{"jsonrpc":"2.0"');
    await vi.waitFor(() => expect(onclose).toHaveBeenCalledTimes(1));
    expect(errors.map((error) => error.message)).toEqual([
      "[@wasi-mcp/transport-stdio] stdin ended inside an unterminated message (16 bytes dropped)",
    ]);
  });

  it("turns an EPIPE on stdout into onerror and a rejected send, never an uncaught exception", async () => {
    const stdin = new PassThrough();
    const epipe = Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
    const stdout = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, callback) {
        setTimeout(() => callback(epipe), 1);
      },
    });
    const transport = new StdioServerTransport({ stdin, stdout });
    const errors: Error[] = [];
    transport.onerror = (error) => errors.push(error);
    const onclose = vi.fn();
    transport.onclose = onclose;
    await transport.start();

    // write() returns false, the send waits for 'drain', and the write fails instead.
    await expect(transport.send({ jsonrpc: "2.0", id: 1, result: {} })).rejects.toBe(epipe);
    await expect(transport.send({ jsonrpc: "2.0", id: 2, result: {} })).rejects.toThrow(/no longer writable/);
    stdin.write("not json\n"); // the -32700 reply cannot be written either: reported, not thrown
    await vi.waitFor(() => expect(errors).toHaveLength(3));
    await transport.close();

    expect(onclose).toHaveBeenCalledTimes(1);
    expect(errors[0]).toBe(epipe); // reported once, although both the write callback and 'error' saw it
    expect(errors[1]).toBeInstanceOf(InvalidMessageError);
    expect(errors[2]?.message).toBe(
      "[@wasi-mcp/transport-stdio] stdout is no longer writable; message not sent",
    );
  });

  it("reports stdin errors to onerror", async () => {
    const { stdin, transport, errors } = pipes();
    await transport.start();
    const failure = new Error("read ECONNRESET");
    stdin.destroy(failure);
    await vi.waitFor(() => expect(errors).toContain(failure));
  });
});

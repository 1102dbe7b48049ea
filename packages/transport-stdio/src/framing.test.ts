import { describe, expect, it } from "vitest";
import { InvalidMessageError, MessageTooLargeError } from "./errors.js";
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  type DecodedLine,
  errorResponse,
  LineDecoder,
  parseMessage,
  serializeMessage,
} from "./framing.js";

function lines(items: DecodedLine[]): string[] {
  return items.flatMap((item) => (item.kind === "line" ? [item.line] : []));
}

function feed(decoder: LineDecoder, ...chunks: (string | Buffer)[]): DecodedLine[] {
  return chunks.flatMap((chunk) => decoder.append(typeof chunk === "string" ? Buffer.from(chunk) : chunk));
}

describe("LineDecoder", () => {
  it("defaults to a 4 MiB limit and rejects a nonsensical one", () => {
    expect(new LineDecoder().maxMessageBytes).toBe(DEFAULT_MAX_MESSAGE_BYTES);
    expect(DEFAULT_MAX_MESSAGE_BYTES).toBe(4 * 1024 * 1024);
    expect(() => new LineDecoder({ maxMessageBytes: 0 })).toThrow(/^\[@wasi-mcp\/transport-stdio\]/);
    expect(() => new LineDecoder({ maxMessageBytes: 1.5 })).toThrow(RangeError);
  });

  it("yields every complete line of a chunk, in order, and buffers the rest", () => {
    const decoder = new LineDecoder();
    expect(lines(feed(decoder, "a\nb\nc"))).toEqual(["a", "b"]);
    expect(decoder.bufferedBytes).toBe(1);
    expect(lines(feed(decoder, "d\n"))).toEqual(["cd"]);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it("reassembles a line split across many chunks", () => {
    const decoder = new LineDecoder();
    const text = '{"jsonrpc":"2.0","id":1,"method":"ping"}\n';
    const out = [...text].flatMap((char) => decoder.append(Buffer.from(char)));
    expect(lines(out)).toEqual([text.slice(0, -1)]);
  });

  it("decodes a multi-byte UTF-8 character split across chunks", () => {
    const decoder = new LineDecoder();
    const bytes = Buffer.from('{"text":"héllo 🦀 世界"}\n', "utf8");
    const crab = bytes.indexOf(Buffer.from("🦀"));
    const eAcute = bytes.indexOf(Buffer.from("é"));
    const parts = [
      bytes.subarray(0, eAcute + 1),
      bytes.subarray(eAcute + 1, crab + 2),
      bytes.subarray(crab + 2),
    ];
    expect(lines(feed(decoder, ...parts))).toEqual(['{"text":"héllo 🦀 世界"}']);
  });

  it("strips \\r of \\r\\n, including when \\r and \\n arrive in different chunks", () => {
    const decoder = new LineDecoder();
    expect(lines(feed(decoder, "a\r\nb\r", "\nc\n"))).toEqual(["a", "b", "c"]);
  });

  it("skips empty and whitespace-only lines", () => {
    const decoder = new LineDecoder();
    expect(lines(feed(decoder, "\n\r\n  \t\nx\n\n"))).toEqual(["x"]);
  });

  it("reports a message over the limit once, as soon as it is crossed, without waiting for a newline", () => {
    const decoder = new LineDecoder({ maxMessageBytes: 8 });
    const first = feed(decoder, "12345", "6789");
    expect(first).toHaveLength(1);
    const [report] = first;
    expect(report?.kind).toBe("oversize");
    if (report?.kind !== "oversize") return;
    expect(report.error).toBeInstanceOf(MessageTooLargeError);
    expect(report.error.limit).toBe(8);
    expect(report.error.message).toBe(
      "[@wasi-mcp/transport-stdio] Message exceeds the 8-byte limit; discarded up to the next newline",
    );
    expect(decoder.isDiscarding).toBe(true);
    expect(decoder.bufferedBytes).toBe(0);
    expect(feed(decoder, "more bytes that are dropped", "and more")).toEqual([]);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it("recovers after an oversize message: the next line decodes normally", () => {
    const decoder = new LineDecoder({ maxMessageBytes: 8 });
    const out = feed(decoder, "0123456789abc", "def\nok\n", "fine\n");
    expect(out.map((item) => item.kind)).toEqual(["oversize", "line", "line"]);
    expect(lines(out)).toEqual(["ok", "fine"]);
    expect(decoder.isDiscarding).toBe(false);
  });

  it("reports an oversize line that arrives complete in one chunk, and keeps the lines around it", () => {
    const decoder = new LineDecoder({ maxMessageBytes: 4 });
    const out = feed(decoder, "ab\nabcdefgh\ncd\n");
    expect(out.map((item) => item.kind)).toEqual(["line", "oversize", "line"]);
    expect(lines(out)).toEqual(["ab", "cd"]);
  });

  it("counts bytes, not characters, and excludes the terminator from the limit", () => {
    const decoder = new LineDecoder({ maxMessageBytes: 4 });
    expect(lines(feed(decoder, "éé\r\n"))).toEqual(["éé"]); // 4 bytes exactly
    expect(feed(decoder, "abcd\r")).toEqual([]); // a pending \r may belong to \r\n
    expect(lines(feed(decoder, "\n"))).toEqual(["abcd"]);
    expect(feed(decoder, "éé€\n").map((item) => item.kind)).toEqual(["oversize"]);
  });

  it("reset() drops the partial message and leaves discard mode", () => {
    const decoder = new LineDecoder({ maxMessageBytes: 4 });
    feed(decoder, "abc");
    decoder.reset();
    expect(decoder.bufferedBytes).toBe(0);
    feed(decoder, "abcdef");
    expect(decoder.isDiscarding).toBe(true);
    decoder.reset();
    expect(lines(feed(decoder, "x\n"))).toEqual(["x"]);
  });
});

describe("parseMessage", () => {
  it("returns a validated request, notification or response", () => {
    expect(parseMessage('{"jsonrpc":"2.0","id":1,"method":"ping"}')).toEqual({
      jsonrpc: "2.0",
      id: 1,
      method: "ping",
    });
    expect(parseMessage('{"jsonrpc":"2.0","method":"notifications/initialized"}')).toMatchObject({
      method: "notifications/initialized",
    });
    expect(parseMessage('{"jsonrpc":"2.0","id":"a","result":{}}')).toMatchObject({ id: "a", result: {} });
  });

  it("throws a -32700 InvalidMessageError for invalid JSON", () => {
    const error = catchError(() => parseMessage('{"jsonrpc":"2.0","id":3,'));
    expect(error).toBeInstanceOf(InvalidMessageError);
    if (!(error instanceof InvalidMessageError)) return;
    expect(error.code).toBe(-32700);
    expect(error.requestId).toBeUndefined();
    expect(error.message).toMatch(/^\[@wasi-mcp\/transport-stdio\] Invalid JSON: /);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it("throws a -32600 InvalidMessageError carrying the id of an invalid request", () => {
    const error = catchError(() => parseMessage('{"jsonrpc":"2.0","id":7,"method":42}'));
    expect(error).toBeInstanceOf(InvalidMessageError);
    if (!(error instanceof InvalidMessageError)) return;
    expect(error.code).toBe(-32600);
    expect(error.requestId).toBe(7);
    expect(error.message).toBe("[@wasi-mcp/transport-stdio] Not a JSON-RPC 2.0 message");
  });

  it.each([
    ["a wrong jsonrpc version", '{"jsonrpc":"1.0","id":"x","method":"ping"}', "x"],
    ["an id of the wrong type", '{"jsonrpc":"2.0","id":{"n":1},"method":"ping"}', undefined],
    ["a malformed response (never answered)", '{"jsonrpc":"2.0","id":1,"result":"no"}', undefined],
    ["a batch array (answered with id null)", '[{"jsonrpc":"2.0","id":1,"method":"ping"}]', null],
    ["an empty array (answered with id null)", "[]", null],
    ["a bare value", "42", undefined],
    ["null", "null", undefined],
  ])("rejects %s with -32600", (_name, line, requestId) => {
    const error = catchError(() => parseMessage(line));
    expect(error).toBeInstanceOf(InvalidMessageError);
    if (!(error instanceof InvalidMessageError)) return;
    expect(error.code).toBe(-32600);
    expect(error.requestId).toBe(requestId);
  });
});

describe("serializeMessage / errorResponse", () => {
  it("writes compact JSON terminated by exactly one newline, escaping newlines inside strings", () => {
    const text = serializeMessage({ jsonrpc: "2.0", id: 1, result: { text: "a\nb\r\nc" } });
    expect(text.endsWith("\n")).toBe(true);
    expect(text.indexOf("\n")).toBe(text.length - 1);
    expect(parseMessage(text.slice(0, -1))).toEqual({ jsonrpc: "2.0", id: 1, result: { text: "a\nb\r\nc" } });
  });

  it("builds error responses with a null id", () => {
    expect(serializeMessage(errorResponse(null, -32700, "Parse error"))).toBe(
      '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}\n',
    );
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

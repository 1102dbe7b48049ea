import { describe, expect, it } from "vitest";
import { MAX_BATCH_MESSAGES, parseBody } from "./body.js";
import { primingEvent, sseEvent } from "./sse.js";

describe("parseBody", () => {
  it("accepts one message or a batch, validated", () => {
    expect(parseBody('{"jsonrpc":"2.0","id":1,"method":"ping"}')).toEqual({
      ok: true,
      batch: false,
      messages: [{ jsonrpc: "2.0", id: 1, method: "ping" }],
    });
    const batch = parseBody('[{"jsonrpc":"2.0","method":"a"},{"jsonrpc":"2.0","id":"x","result":{}}]');
    expect(batch.ok && batch.batch && batch.messages.length).toBe(2);
  });

  it("refuses invalid JSON (-32700), non JSON-RPC, empty and oversized batches (-32600)", () => {
    expect(parseBody("{")).toMatchObject({ ok: false, code: -32700 });
    expect(parseBody('{"id":1}')).toMatchObject({ ok: false, code: -32600 });
    expect(parseBody('{"jsonrpc":"2.0","id":1,"method":7}')).toMatchObject({ ok: false, code: -32600 });
    expect(parseBody("[]")).toMatchObject({ ok: false, code: -32600 });
    const tooMany = JSON.stringify(
      Array.from({ length: MAX_BATCH_MESSAGES + 1 }, () => ({ jsonrpc: "2.0", method: "a" })),
    );
    expect(parseBody(tooMany)).toMatchObject({ ok: false, code: -32600 });
  });
});

describe("SSE framing", () => {
  it("formats message and priming events", () => {
    expect(sseEvent('{"a":1}')).toBe('event: message\ndata: {"a":1}\n\n');
    expect(sseEvent('{"a":1}', "s#3")).toBe('event: message\nid: s#3\ndata: {"a":1}\n\n');
    expect(primingEvent("s#0")).toBe("id: s#0\ndata: \n\n");
    expect(primingEvent("s#0", 500)).toBe("id: s#0\nretry: 500\ndata: \n\n");
  });
});

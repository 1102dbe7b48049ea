import { describe, expect, it } from "vitest";
import { REPLY_BYTES, writeReply } from "./reply-channel.js";

describe("reply channel", () => {
  it("writes an answer the waiting side can read, and refuses one larger than the buffer", () => {
    const buffer = new SharedArrayBuffer(8 + REPLY_BYTES);
    const words = new Int32Array(buffer, 0, 2);
    writeReply(buffer, { ok: true, result: { action: "accept" } });
    expect(Atomics.load(words, 0)).toBe(1);
    const read = () => {
      const copy = new Uint8Array(Atomics.load(words, 1));
      copy.set(new Uint8Array(buffer, 8, copy.length));
      return JSON.parse(new TextDecoder().decode(copy));
    };
    expect(read()).toEqual({ ok: true, result: { action: "accept" } });
    writeReply(buffer, { ok: true, result: "x".repeat(REPLY_BYTES) });
    expect(read()).toMatchObject({ ok: false, error: { message: "the client's answer is too large" } });
  });
});

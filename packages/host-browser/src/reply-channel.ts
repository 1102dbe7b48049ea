// A reply channel over a SharedArrayBuffer: the worker blocks in Atomics.wait until the page
// writes the answer. A blocked worker receives no messages, so the answer travels in the buffer.

import type { ClientReply } from "@wasi-mcp/host/engine";

/** Bytes of the header: a state word and the length of the answer. */
const HEADER = 8;
/** Room for one answer (a sampling or elicitation result). */
export const REPLY_BYTES = 1 << 20;

const WAITING = 0;
const ANSWERED = 1;

/** What the page answers a blocking request with (the engine's reply). */
export type Reply = ClientReply;

/** A buffer for {@link writeReply}/{@link waitForReply}, or undefined where the page is not cross-origin isolated. */
export function createReplyBuffer(): SharedArrayBuffer | undefined {
  return typeof SharedArrayBuffer === "function" && globalThis.crossOriginIsolated !== false
    ? new SharedArrayBuffer(HEADER + REPLY_BYTES)
    : undefined;
}

/** Page side: writes the answer and wakes the worker. */
export function writeReply(buffer: SharedArrayBuffer, reply: Reply): void {
  let bytes = new TextEncoder().encode(JSON.stringify(reply));
  if (bytes.length > REPLY_BYTES) {
    const tooLarge: Reply = {
      ok: false,
      error: { code: "internal-error", message: "the client's answer is too large" },
    };
    bytes = new TextEncoder().encode(JSON.stringify(tooLarge));
  }
  const words = new Int32Array(buffer, 0, 2);
  new Uint8Array(buffer, HEADER, bytes.length).set(bytes);
  Atomics.store(words, 1, bytes.length);
  Atomics.store(words, 0, ANSWERED);
  Atomics.notify(words, 0);
}

/** Worker side: marks the buffer waiting, runs `send` (which posts the request), blocks for the answer. */
export function waitForReply(buffer: SharedArrayBuffer, send: () => void): Reply {
  const words = new Int32Array(buffer, 0, 2);
  Atomics.store(words, 0, WAITING);
  send();
  Atomics.wait(words, 0, WAITING);
  const length = Atomics.load(words, 1);
  // TextDecoder refuses views of shared memory: copy first.
  const copy = new Uint8Array(length);
  copy.set(new Uint8Array(buffer, HEADER, length));
  return JSON.parse(new TextDecoder().decode(copy)) as Reply;
}

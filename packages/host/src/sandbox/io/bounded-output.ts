/**
 * Most bytes of a worker instance's stdout or stderr that may wait in its thread to be forwarded.
 * A guest's writes run synchronously inside a call, so the worker's event loop cannot forward any of
 * them until the call returns: without a bound, one call writing in a loop holds everything it wrote
 * in the worker's heap (outside `memoryLimitBytes`) until its deadline.
 */
export const MAX_PENDING_OUTPUT_BYTES = 4 * 1024 * 1024;

/** A Node writable as the bound reads it (the worker's `process.stdout`/`process.stderr`). */
interface PendingOutput {
  readonly writableLength: number;
  write(text: string): unknown;
}

type Write = (bytes: Uint8Array) => unknown;

/** The shim's streams are one per thread: each is bounded once, however many sandboxes use it. */
const bounded = new WeakSet<object>();

/**
 * preview2-shim's stdout or stderr stream with its writes bounded: while more than
 * {@link MAX_PENDING_OUTPUT_BYTES} of `output` wait to be forwarded, what the guest writes is dropped
 * (the write still succeeds: a guest's logging must not fail its call), and once the output drains
 * one line says how many bytes were dropped.
 */
export function boundedOutput<S extends object>(stream: S, output: PendingOutput, name: string): S {
  if (bounded.has(stream)) return stream;
  bounded.add(stream);
  const target = stream as unknown as Record<string, unknown>;
  let dropped = 0;
  const bound = (method: "write" | "blockingWriteAndFlush") => {
    const original = target[method] as Write | undefined;
    if (typeof original !== "function") return;
    target[method] = (bytes: Uint8Array) => {
      if (output.writableLength + bytes.byteLength > MAX_PENDING_OUTPUT_BYTES) {
        dropped += bytes.byteLength;
        return undefined;
      }
      if (dropped > 0) {
        output.write(
          `\n[host] ${dropped} bytes of the guest's ${name} dropped: more than ${MAX_PENDING_OUTPUT_BYTES} bytes waited to be forwarded\n`,
        );
        dropped = 0;
      }
      return original.call(stream, bytes);
    };
  };
  bound("write");
  bound("blockingWriteAndFlush");
  return stream;
}

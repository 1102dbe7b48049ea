// Writes to a file under a grant with `maxBytes`: each is checked against the preopen's quota.

import type { Descriptor } from "./descriptor-types.js";
import { withFilesystemLock } from "./filesystem-lock.js";
import type { PreopenQuota } from "./preopen-quota.js";

/** The error a stream write refused by a quota carries (the guest's `filesystem-error-code` reads `insufficient-space`). */
let streamError: new (payload: unknown) => object = Error as unknown as new (payload: unknown) => object;

/** Sets the class of {@link streamError} (`wasi:io/error`'s, when the sandbox has it). */
export function useStreamError(IoError: new (payload: unknown) => object): void {
  streamError = IoError;
}

/** `write`, `set-size` and the write streams of a file under a grant with `maxBytes`. */
export function withQuota(
  name: string,
  quota: PreopenQuota,
  file: Descriptor,
  args: unknown[],
  run: () => unknown,
) {
  const size = () => Number((file as unknown as { stat(): { size: bigint } }).stat().size);
  const grow = (end: number) => {
    const growth = end - size();
    if (growth > 0 && !quota.reserve(growth)) throw "insufficient-space";
    return Math.max(0, growth);
  };
  switch (name) {
    case "write": {
      const [buffer, offset] = args as [Uint8Array, bigint];
      const growth = grow(Number(offset) + buffer.byteLength);
      try {
        return run();
      } catch (error) {
        quota.release(growth);
        throw error;
      }
    }
    case "setSize": {
      const before = size();
      const after = Number(args[0] as bigint);
      const growth = grow(after);
      try {
        run();
      } catch (error) {
        quota.release(growth);
        throw error;
      }
      quota.release(before - after);
      return undefined;
    }
    default: {
      const stream = run() as Record<string, unknown>;
      const start = name === "appendViaStream" ? size() : Number(args[0] as bigint);
      return boundedStream(stream, start, quota, size);
    }
  }
}

/**
 * Checks each write of a file's output stream against the quota (a stream's writes reach the file
 * without passing the descriptor's methods). Past it, the write fails with `last-operation-failed`,
 * whose error reads `insufficient-space`.
 */
function boundedStream(
  stream: Record<string, unknown>,
  start: number,
  quota: PreopenQuota,
  size: () => number,
) {
  let position = start;
  const refuse = () => {
    const error = Object.assign(new Error("insufficient-space"), { code: "ENOSPC" });
    return { tag: "last-operation-failed", val: new streamError(error) };
  };
  const bound = (method: string, length: (arg: unknown) => number) => {
    const original = stream[method] as ((arg: unknown) => unknown) | undefined;
    if (typeof original !== "function") return;
    stream[method] = (arg: unknown) =>
      withFilesystemLock(() => {
        const count = length(arg);
        const growth = position + count - size();
        if (growth > 0 && !quota.reserve(growth)) throw refuse();
        try {
          const result = original.call(stream, arg);
          position += count;
          return result;
        } catch (error) {
          if (growth > 0) quota.release(growth);
          throw error;
        }
      });
  };
  for (const method of ["write", "blockingWriteAndFlush"])
    bound(method, (bytes) => (bytes as Uint8Array).byteLength);
  for (const method of ["writeZeroes", "blockingWriteZeroesAndFlush"])
    bound(method, (count) => Number(count));
  // A splice's length is known only once read: refused outright under a quota.
  for (const method of ["splice", "blockingSplice"])
    stream[method] = () => {
      throw refuse();
    };
  return stream;
}

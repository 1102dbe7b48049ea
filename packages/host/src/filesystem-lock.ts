import { threadId } from "node:worker_threads";

/**
 * One lock for every guarded filesystem call of this host process, whichever thread (instance
 * worker or the host's own) makes it: a call's check and its use happen while no other instance
 * can change the tree, so two instances sharing a writable preopen cannot race a check (one swaps
 * a directory for a link between the other's check and use). Node has no `openat`, so the shim
 * works on paths; this is what makes checking a path meaningful. The lock is an Int32 word (0 =
 * free, else the holder's thread id + 1) and a lease stamp in a SharedArrayBuffer the host hands
 * to each worker. A holder that dies mid-call (a worker terminated at its deadline) cannot block
 * the others for longer than {@link LEASE_MS}: its lease is then taken over.
 */
const LEASE_MS = 2_000;
const WAIT_MS = 50;

let words = new Int32Array(new SharedArrayBuffer(8));

/** The lock of this thread, to hand to an instance worker. */
export function filesystemLockBuffer(): SharedArrayBuffer {
  return words.buffer as SharedArrayBuffer;
}

/** Makes this thread (an instance worker) share the host's lock. */
export function useFilesystemLock(buffer: SharedArrayBuffer): void {
  words = new Int32Array(buffer);
}

/** Runs `fn` holding the lock; calls from one thread nest. */
export function withFilesystemLock<T>(fn: () => T): T {
  const me = threadId + 1;
  if (Atomics.load(words, 0) === me) return fn();
  acquire(me);
  try {
    return fn();
  } finally {
    Atomics.store(words, 0, 0);
    Atomics.notify(words, 0);
  }
}

function acquire(me: number): void {
  for (;;) {
    const holder = Atomics.compareExchange(words, 0, 0, me);
    if (holder === 0) {
      Atomics.store(words, 1, stamp());
      return;
    }
    Atomics.wait(words, 0, holder, WAIT_MS);
    const held = (stamp() - Atomics.load(words, 1)) | 0;
    if (held > LEASE_MS && Atomics.compareExchange(words, 0, holder, me) === holder) {
      Atomics.store(words, 1, stamp());
      return;
    }
  }
}

/** Wall-clock milliseconds, wrapped to 32 bits (differences are taken wrapped too). */
function stamp(): number {
  return Date.now() | 0;
}

import { threadId } from "node:worker_threads";

/**
 * One lock for every guarded filesystem call of this host process, whichever thread (instance
 * worker or the host's own) makes it: a call's check and its use happen while no other instance
 * can change the tree, so two instances sharing a writable preopen cannot race a check (one swaps
 * a directory for a link between the other's check and use). Node has no `openat`, so the shim
 * works on paths; this is what makes checking a path meaningful. The lock is an Int32 word in a
 * SharedArrayBuffer the host hands to each worker: 0 = free, else the holder's thread id + 1.
 *
 * A live holder keeps the lock however long its call takes (a slow check included): nothing takes
 * it over. A holder whose worker died (terminated at its deadline, or crashed) is released by the
 * host, which hears of every worker's exit ({@link releaseFilesystemLockOf}); the release is
 * conditional on ownership, so it never frees a lock someone else took since. The host's thread
 * cannot hear an exit while it waits for the lock (an in-process instance's call), so it also
 * takes over from a holder it killed itself ({@link noteThreadKilled}) once that worker had
 * {@link KILLED_GRACE_MS} to stop.
 * See docs/adr/0008-filesystem-concurrency.md.
 */
const WAIT_MS = 50;
/** How long a worker asked to terminate may still run its last synchronous step. */
const KILLED_GRACE_MS = 1_000;

let words = new Int32Array(new SharedArrayBuffer(8));
/** Threads the host terminated, and when (host thread only). */
const killed = new Map<number, number>();

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
    release(me);
  }
}

/**
 * Frees the lock if the thread `deadThreadId` still holds it: the host calls this when that
 * worker has exited (a dead holder can never release it itself).
 */
export function releaseFilesystemLockOf(deadThreadId: number): void {
  killed.delete(deadThreadId);
  release(deadThreadId + 1);
}

/**
 * Records that this thread (the host's) asked the worker thread `id` to terminate: while it waits
 * for the lock it cannot hear that worker's exit (see the module comment).
 */
export function noteThreadKilled(id: number): void {
  killed.set(id, Date.now());
}

function release(holder: number): void {
  if (Atomics.compareExchange(words, 0, holder, 0) === holder) Atomics.notify(words, 0);
}

function acquire(me: number): void {
  for (;;) {
    const holder = Atomics.compareExchange(words, 0, 0, me);
    if (holder === 0) return;
    Atomics.wait(words, 0, holder, WAIT_MS);
    const killedAt = killed.get(holder - 1);
    if (killedAt !== undefined && Date.now() - killedAt > KILLED_GRACE_MS) {
      if (Atomics.compareExchange(words, 0, holder, me) === holder) return;
    }
  }
}

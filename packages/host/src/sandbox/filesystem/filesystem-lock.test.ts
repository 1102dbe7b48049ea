// The filesystem lock between real threads: a live holder keeps it however long it holds it, the
// host frees it for a holder that died, a release by anyone but the holder frees nothing.
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import {
  filesystemLockBuffer,
  noteThreadKilled,
  releaseFilesystemLockOf,
  withFilesystemLock,
} from "./filesystem-lock.js";

const LOCK_MODULE = new URL("./filesystem-lock.ts", import.meta.url).href;

/** A thread that takes the lock, holds it `holdMs` (busy: a slow path check), and reports times. */
function holder(holdMs: number): Worker {
  return new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     import(workerData.lockModule).then((lock) => {
       lock.useFilesystemLock(workerData.buffer);
       lock.withFilesystemLock(() => {
         parentPort.postMessage({ acquiredAt: Date.now() });
         const until = Date.now() + workerData.holdMs;
         while (Date.now() < until) {}
         parentPort.postMessage({ releasingAt: Date.now() });
       });
     });`,
    { eval: true, workerData: { lockModule: LOCK_MODULE, buffer: filesystemLockBuffer(), holdMs } },
  );
}

function next(worker: Worker, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const listener = (message: Record<string, number>) => {
      if (message[key] === undefined) return;
      worker.off("message", listener);
      resolve(message[key] as number);
    };
    worker.on("message", listener);
    worker.once("error", reject);
  });
}

const lockWord = () => Atomics.load(new Int32Array(filesystemLockBuffer()), 0);
const workers: Worker[] = [];
afterEach(async () => {
  // As the host does: a worker ended while it may still hold the lock is released by the host.
  await Promise.all(
    workers.splice(0).map(async (worker) => {
      const id = worker.threadId;
      await worker.terminate();
      if (id >= 0) releaseFilesystemLockOf(id);
    }),
  );
});

describe("the filesystem lock", () => {
  it("is not taken over from a live holder, however long it holds it (the issue's attack 3)", async () => {
    const first = holder(3_000);
    workers.push(first);
    await next(first, "acquiredAt");
    const second = holder(0);
    workers.push(second);
    const [releasingAt, acquiredAt] = await Promise.all([
      next(first, "releasingAt"),
      next(second, "acquiredAt"),
    ]);
    expect(acquiredAt).toBeGreaterThanOrEqual(releasingAt);
  }, 20_000);

  it("is freed by the host for a holder whose thread died, and only for it", async () => {
    const dying = holder(60_000);
    workers.push(dying);
    await next(dying, "acquiredAt");
    const id = dying.threadId;
    // A release for any other thread frees nothing.
    releaseFilesystemLockOf(id + 1000);
    expect(lockWord()).toBe(id + 1);
    const exited = new Promise((resolve) => dying.once("exit", resolve));
    await dying.terminate();
    await exited;
    expect(lockWord()).toBe(id + 1);
    releaseFilesystemLockOf(id);
    expect(lockWord()).toBe(0);
    const next2 = holder(0);
    workers.push(next2);
    expect(await next(next2, "acquiredAt")).toBeGreaterThan(0);
  }, 20_000);

  it("lets the host's own thread take it from a holder the host killed, after a grace", async () => {
    const killed = holder(60_000);
    workers.push(killed);
    await next(killed, "acquiredAt");
    // The host's thread cannot hear the exit while it waits: it knows it asked for the kill.
    noteThreadKilled(killed.threadId);
    void killed.terminate();
    const started = Date.now();
    expect(withFilesystemLock(() => "held")).toBe("held");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(lockWord()).toBe(0);
  }, 20_000);
});

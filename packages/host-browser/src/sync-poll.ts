// Synchronous clocks and poll for a guest that is not suspended while it waits (no JSPI): the
// browser shim's `poll` answers with a Promise, which a synchronous Wasm import cannot wait for.
import * as clocks from "@bytecodealliance/preview2-shim/clocks";
import { poll, pollableCreate } from "@bytecodealliance/preview2-shim/io";

type Pollable = ReturnType<typeof pollableCreate>;

/** A pollable that is ready once `performance.now()` reaches `deadlineMs`: checkable without awaiting. */
function timerPollable(deadlineMs: number): Pollable {
  return pollableCreate({
    ready: () => performance.now() >= deadlineMs,
    wait: () => new Promise((resolve) => setTimeout(resolve, Math.max(0, deadlineMs - performance.now()))),
  });
}

/** `wasi:clocks/monotonic-clock` whose timers are ready by the clock, not by a JS timer firing. */
export const syncMonotonicClock = {
  ...clocks.monotonicClock,
  subscribeDuration(duration: bigint): Pollable {
    return timerPollable(performance.now() + Number(duration) / 1e6);
  },
  subscribeInstant(instant: bigint): Pollable {
    return timerPollable(Number(instant) / 1e6);
  },
};

/**
 * Sleeps the worker's thread for up to `ms`: `Atomics.wait` where the page is cross-origin
 * isolated (SharedArrayBuffer exists), else a spin on the clock (the worker is the guest's own
 * thread, and its deadline still stops it).
 */
function sleepSync(ms: number): void {
  if (typeof SharedArrayBuffer === "function") {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    return;
  }
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin: nothing else can run on this thread while the guest waits anyway
  }
}

/**
 * `wasi:io/poll` that blocks synchronously until one pollable is ready, checking every millisecond.
 * Timers and always-ready pollables work; a pollable that becomes ready only when a JS promise
 * settles (a `fetch` response) never does while the guest blocks, so such a wait ends at the
 * call's deadline — see ADR 0006 (JSPI is the way out).
 */
export const syncPoll = {
  Pollable: poll.Pollable,
  poll(list: Pollable[]): Uint32Array {
    if (list.length === 0) throw new Error("poll list must not be empty");
    for (;;) {
      const ready: number[] = [];
      list.forEach((pollable, i) => {
        if (pollable.ready()) ready.push(i);
      });
      if (ready.length > 0) return new Uint32Array(ready);
      sleepSync(1);
    }
  },
};

/**
 * Makes `pollable.block()` synchronous too (the shim's answers with a Promise). The shim's
 * `Pollable` class is the one every pollable is an instance of (jco checks it when lowering a
 * handle), so its prototype is patched — in the instance's own worker only, once.
 */
export function makeBlockSynchronous(): void {
  const prototype = poll.Pollable.prototype as unknown as { block(this: Pollable): void };
  prototype.block = function block(this: Pollable) {
    syncPoll.poll([this]);
  };
}

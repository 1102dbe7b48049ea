// preview2-shim starts its I/O worker thread as soon as one of its modules is imported (`ioCall`
// in io/worker-io.js is created at module load), although many components never make a call that
// needs it. This starts that thread on the shim's first call instead.
import { createRequire, syncBuiltinESMExports } from "node:module";
import type { WorkerOptions } from "node:worker_threads";

type WorkerThreadsModule = typeof import("node:worker_threads");
type RealWorker = InstanceType<WorkerThreadsModule["Worker"]>;

const threads = createRequire(import.meta.url)("node:worker_threads") as WorkerThreadsModule;
const RealWorkerClass = threads.Worker;
/** The shim's I/O worker script (preview2-shim 0.25: dist/io/worker-thread.bundle.js). */
const IO_WORKER_SCRIPT = "/worker-thread.bundle.js";

/**
 * Stands in for the shim's I/O worker until the shim first posts it a call: it keeps the listeners
 * and `unref` the shim sets, and starts the real worker with the shim's own options then. Any other
 * worker constructed meanwhile is a real one at once.
 */
class DeferredWorker {
  readonly #url: string | URL;
  readonly #options: WorkerOptions | undefined;
  readonly #listeners: [string, (...args: unknown[]) => void][] = [];
  #unref = false;
  #real: RealWorker | undefined;

  constructor(url: string | URL, options?: WorkerOptions) {
    this.#url = url;
    this.#options = options;
    // biome-ignore lint/correctness/noConstructorReturn: a worker that is not the shim's is a real one
    if (!String(url).endsWith(IO_WORKER_SCRIPT)) return new RealWorkerClass(url, options) as never;
  }

  on(event: string, listener: (...args: unknown[]) => void): this {
    if (this.#real) this.#real.on(event, listener);
    else this.#listeners.push([event, listener]);
    return this;
  }

  unref(): void {
    this.#unref = true;
    this.#real?.unref();
  }

  ref(): void {
    this.#unref = false;
    this.#real?.ref();
  }

  postMessage(message: unknown, transfer?: Parameters<RealWorker["postMessage"]>[1]): void {
    this.#start().postMessage(message, transfer);
  }

  terminate(): Promise<number> {
    return this.#real ? this.#real.terminate() : Promise.resolve(0);
  }

  #start(): RealWorker {
    if (this.#real) return this.#real;
    const real = new RealWorkerClass(this.#url, this.#options);
    for (const [event, listener] of this.#listeners) real.on(event, listener);
    if (this.#unref) real.unref();
    this.#real = real;
    return real;
  }
}

let loadsInFlight = 0;

/**
 * Runs `load` (an import of shim modules) with `node:worker_threads`' `Worker` replaced by
 * {@link DeferredWorker} — for ESM importers too (`syncBuiltinESMExports`) — and puts the real one
 * back once no load is in flight.
 */
export async function withDeferredIoWorker<T>(load: () => Promise<T>): Promise<T> {
  if (loadsInFlight++ === 0) swap(DeferredWorker as unknown as WorkerThreadsModule["Worker"]);
  try {
    return await load();
  } finally {
    if (--loadsInFlight === 0) swap(RealWorkerClass);
  }
}

function swap(worker: WorkerThreadsModule["Worker"]): void {
  (threads as { Worker: WorkerThreadsModule["Worker"] }).Worker = worker;
  syncBuiltinESMExports();
}

// The Node platform's instance side: a worker thread running node/instance-worker.ts, answered
// through a MessagePort it reads with receiveMessageOnPort while it waits on a shared flag.
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import type { InstanceChannel } from "../engine/platform.js";
import type { ClientReply, FromWorker, InitMessage, ToWorker } from "../engine/worker-protocol.js";
import type { ResolvedPolicy } from "../policy.js";
import {
  filesystemLockBuffer,
  noteThreadKilled,
  releaseFilesystemLockOf,
} from "../sandbox/filesystem/filesystem-lock.js";

/** What the Node channel adds to an `init`, for its worker to receive blocking replies. */
export interface NodeInitMessage extends InitMessage<ResolvedPolicy> {
  /** Int32 flag the worker waits on while the host answers a blocking import. */
  signal: SharedArrayBuffer;
  /** Port the host answers blocking imports on (read with receiveMessageOnPort). */
  replies: MessagePort;
  /** The host's filesystem lock, shared by every instance (see filesystem-lock.ts). */
  filesystemLock: SharedArrayBuffer;
}

const WORKER_URL = new URL("./instance-worker.js", import.meta.url);

/** Calls of an instance that typically take longer than this do not keep the host thread awake. */
const AWAKE_MS = 1;

/**
 * One instance's worker thread. Created, it boots (evaluates its own modules: most of an
 * instance's start in Node) and waits, so a channel made early — while the host reads and compiles
 * the component, or as a pool's standby — takes that time off the critical path; it does not keep
 * the process alive until an instance posts its `init`. With `codeCache` (a directory), the worker
 * — and the WASI shim's own I/O worker it starts — reuse V8's compiled code of those modules from
 * earlier runs (Node's module compile cache; ≈ 60 ms less per boot, measured).
 */
export class NodeChannel implements InstanceChannel {
  readonly #codeCache: string | undefined;
  #worker: Worker;
  readonly #flag = new Int32Array(new SharedArrayBuffer(4));
  readonly #replies = new MessageChannel();
  #threadId = -1;
  #onMessage: (message: FromWorker) => void = () => {};
  #onExit: (detail: string) => void = () => {};
  #awake = false;
  #awakeUntil = 0;
  /** Moving average of this instance's call round trips (ms). */
  #typicalMs = 0;
  #callStarted = 0;
  #inFlight = false;

  constructor(codeCache: string | undefined) {
    this.#codeCache = codeCache;
    this.#worker = bootWorker(codeCache);
  }

  /**
   * Has the waiting worker import the component's generated glue and the WASI shim modules its
   * `imports` need before its `init`.
   */
  prepare(entryUrl: string, imports: string[]): void {
    this.#worker.postMessage({ type: "prepare", entryUrl, imports } satisfies ToWorker);
  }

  post(message: ToWorker): void {
    if (message.type !== "init") {
      if (message.type === "call") {
        this.#callStarted = performance.now();
        this.#inFlight = true;
        this.#stayAwake();
      }
      this.#worker.postMessage(message);
      return;
    }
    this.#adopt();
    const init: NodeInitMessage = {
      ...(message as InitMessage<ResolvedPolicy>),
      signal: this.#flag.buffer as SharedArrayBuffer,
      replies: this.#replies.port2,
      filesystemLock: filesystemLockBuffer(),
    };
    this.#worker.postMessage(init, [init.replies]);
  }

  onMessage(listener: (message: FromWorker) => void): void {
    this.#onMessage = listener;
  }

  onExit(listener: (detail: string) => void): void {
    this.#onExit = listener;
  }

  reply(reply: ClientReply): void {
    this.#replies.port1.postMessage(reply);
    Atomics.store(this.#flag, 0, 1);
    Atomics.notify(this.#flag, 0);
  }

  terminate(): void {
    this.#replies.port1.close();
    if (this.#threadId >= 0) noteThreadKilled(this.#threadId);
    void this.#worker.terminate();
  }

  /** Takes the booted worker for an instance (a new one if it died meanwhile) and listens to it. */
  #adopt(): void {
    // threadId is -1 once a worker has exited.
    if (this.#worker.threadId < 0) this.#worker = createWorker(this.#codeCache);
    const worker = this.#worker;
    worker.ref();
    // A worker that dies holding the filesystem lock cannot release it: the host does (threadId
    // reads -1 once the worker has exited, so it is kept now).
    const threadId = worker.threadId;
    this.#threadId = threadId;
    worker.once("exit", () => releaseFilesystemLockOf(threadId));
    const output = (stream: "stdout" | "stderr") => (chunk: Buffer) =>
      this.#onMessage({ type: "output", stream, text: chunk.toString("utf8") });
    worker.stdout.on("data", output("stdout"));
    worker.stderr.on("data", output("stderr"));
    worker.on("message", (message: FromWorker) => {
      if (message.type === "result" && this.#inFlight) {
        this.#inFlight = false;
        this.#typicalMs += (performance.now() - this.#callStarted - this.#typicalMs) / 8;
      }
      this.#onMessage(message);
    });
    worker.on("error", (error) => this.#onExit(error.message));
    worker.on("exit", (code) => this.#onExit(`its worker exited (${code})`));
  }

  /**
   * Keeps this thread's event loop turning (one `setImmediate` after another, I/O still served in
   * between) while a short call is in flight: a sleeping thread takes tens of microseconds to wake
   * when the result arrives (on small VMs), more than a short call lasts. The thread stays awake
   * for up to three times the instance's typical call (at most {@link AWAKE_MS}; instances whose
   * calls take longer let it sleep): staying awake longer only took a core from the worker.
   */
  #stayAwake(): void {
    if (this.#typicalMs > AWAKE_MS) return;
    this.#awakeUntil = performance.now() + Math.min(AWAKE_MS, 3 * this.#typicalMs + 0.05);
    if (this.#awake) return;
    this.#awake = true;
    const turn = () => {
      if (this.#inFlight && performance.now() < this.#awakeUntil) setImmediate(turn);
      else this.#awake = false;
    };
    setImmediate(turn);
  }
}

/** A worker booted without an instance yet; one that fails before an instance takes it is replaced. */
function bootWorker(codeCache: string | undefined): Worker {
  const worker = createWorker(codeCache);
  worker.unref();
  worker.on("error", () => {});
  return worker;
}

/** The Node flags instance workers get; narrowed once if Node refuses some of them. */
let execArgv: string[] | undefined;

/**
 * Worker options. A young generation of 4 MB instead of V8's default takes ≈ 5 MB off each
 * instance's resident memory; the worker's JS heap holds only the host's glue and the values in
 * flight (a guest's own heap lives in its linear memory), and calls measured no slower.
 */
const WORKER_OPTIONS = { stdout: true, stderr: true, resourceLimits: { maxYoungGenerationSizeMb: 4 } };

function createWorker(codeCache: string | undefined): Worker {
  execArgv ??= inheritedExecArgv();
  const env = codeCache ? { ...process.env, NODE_COMPILE_CACHE: codeCache } : process.env;
  try {
    return new Worker(WORKER_URL, { ...WORKER_OPTIONS, env, execArgv });
  } catch (error) {
    // V8 and process-wide flags (`--max-old-space-size`, `--expose-gc`) are refused in a worker
    // (they already apply to the whole process); Node's error names them.
    if ((error as NodeJS.ErrnoException).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw error;
    const refused = new Set((error as Error).message.split(": ")[1]?.split(", "));
    execArgv = execArgv.filter((flag) => !refused.has(flag));
    return new Worker(WORKER_URL, { ...WORKER_OPTIONS, env, execArgv });
  }
}

/**
 * The parent's Node flags minus those that describe the parent's own entry (`-e`, `--input-type`):
 * inherited by a worker, they make it refuse its file entry point.
 */
function inheritedExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    if (flag.startsWith("--input-type")) continue;
    if (["-e", "--eval", "-p", "--print"].includes(flag)) {
      i++;
      continue;
    }
    if (/^(--eval|--print)=/.test(flag)) continue;
    out.push(flag);
  }
  return out;
}

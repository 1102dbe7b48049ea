// Runs one component instance inside a worker thread. The host thread (engine/worker-instance.ts
// over node-channel.ts) sends `init` once, then `call`s one at a time; this side converts results
// to MCP before posting them.
import { type MessagePort, parentPort, receiveMessageOnPort } from "node:worker_threads";
import { type BlockingRequest, ComponentRuntime } from "../engine/instance-runtime.js";
import type { ClientReply, FromWorker, ToWorker } from "../engine/worker-protocol.js";
import { GuestError } from "../guest-runtime/guest-error.js";
import { useFilesystemLock } from "../sandbox/filesystem/filesystem-lock.js";
import { loadWasiShim } from "../sandbox/wasi-shim.js";
import type { NodeInitMessage } from "./node-channel.js";
import { nodeWasi } from "./node-wasi.js";

if (!parentPort) throw new Error("[@wasi-mcp/host] instance-worker must run in a worker thread");
const port: MessagePort = parentPort;
const post = (message: FromWorker) => port.postMessage(message);

let flag: Int32Array;
let replies: MessagePort;
const runtime = new ComponentRuntime(
  {
    emit: (event, callId) => post({ type: "event", callId, event }),
    timing: (timing, callId) => post({ type: "import", callId, timing }),
    ask,
  },
  nodeWasi,
);

/** How long a worker that answered a call polls for the next one before it goes to sleep. */
const POLL_MS = 0.2;
/** Polls in a row that found no call; after a few, polling pauses (the caller is far away). */
let misses = 0;
let skipped = 0;
/** Calls run from polls since the event loop last turned. */
let streak = 0;
// Read once: these globals are getters, slow ones in a worker.
const { stdout, stderr } = process;
const clock = performance;

port.on("message", onMessage);

function onMessage(message: ToWorker): void {
  if (message.type === "prepare") prepare(message.entryUrl, message.imports);
  else if (message.type === "init") void init(message as NodeInitMessage);
  else {
    post(runtime.call(message));
    pollForNextCall();
  }
}

/**
 * Waking a sleeping thread costs tens of microseconds on small VMs — more than a short call.
 * Calls often come back to back (a queue on the pool, an in-process client), so for
 * {@link POLL_MS} the worker polls its port instead of sleeping. When polls keep missing (a client
 * across a network, a busy host thread), it stops polling but for one call in 32, to notice when
 * that changes. Measured: at 0.05 ms an in-process client through the router missed often enough
 * to drop to sleeping, doubling its latency; a 1 ms poll whenever the pool had calls queued gave
 * +4 % throughput with one instance but −30 % with two on two cores (spinning workers starve the
 * host thread). A call found runs as a microtask, after those the last call queued (an event-loop
 * turn in between costs as much as the wake-up it saves).
 */
function pollForNextCall(): void {
  if (!shouldPoll()) return;
  const until = clock.now() + POLL_MS;
  do {
    const next = receiveMessageOnPort(port);
    if (next) {
      misses = 0;
      streak++;
      const message = next.message as ToWorker;
      queueMicrotask(() => onMessage(message));
      return;
    }
  } while (clock.now() < until);
  misses++;
  streak = 0;
}

/**
 * Whether to poll: not when polls keep missing, and not when the event loop must turn — the
 * worker's stdout/stderr are forwarded by messages it acknowledges there, and finalizers run there.
 */
function shouldPoll(): boolean {
  if (misses >= 3 && ++skipped % 32 !== 0) return false;
  if (streak >= 64 || stdout.writableLength > 0 || stderr.writableLength > 0) {
    streak = 0;
    return false;
  }
  return true;
}

/**
 * Work this worker would do at `init`, done while it still waits for it: import the generated glue
 * (the same module `init` imports) and the parts of the WASI shim the component needs.
 */
function prepare(entryUrl: string, imports: string[]): void {
  // Failures are reported by `init`, which imports the same modules.
  import(entryUrl).catch(() => {});
  loadWasiShim(imports).catch(() => {});
}

async function init(message: NodeInitMessage): Promise<void> {
  flag = new Int32Array(message.signal);
  useFilesystemLock(message.filesystemLock);
  replies = message.replies;
  post(await runtime.start(message));
}

/** Posts a request to the host thread and blocks until it answers on the replies port. */
function ask(message: BlockingRequest): unknown {
  Atomics.store(flag, 0, 0);
  post(message);
  Atomics.wait(flag, 0, 0);
  const reply = receiveMessageOnPort(replies)?.message as ClientReply | undefined;
  if (!reply) throw new GuestError("internal-error", "the host did not answer");
  if (!reply.ok) throw new GuestError(reply.error.code, reply.error.message, reply.error.data);
  return reply.result;
}

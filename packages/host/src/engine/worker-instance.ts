import { MessageChannel, Worker } from "node:worker_threads";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { Types } from "@wasi-mcp/bindings";
import { HostError } from "@wasi-mcp/conversions";
import { type BackendRequest, isInputRequiredSignal } from "@wasi-mcp/router";
import { askClientAll } from "../guest-runtime/client-questions.js";
import {
  type ClientOperation,
  ClientOperationError,
  type McpClientBroker,
} from "../guest-runtime/mcp-client-broker.js";
import type { ResolvedPolicy } from "../policy.js";
import {
  filesystemLockBuffer,
  noteThreadKilled,
  releaseFilesystemLockOf,
} from "../sandbox/filesystem/filesystem-lock.js";
import {
  callFailureError,
  cancelledError,
  clientRefusal,
  deadlineError,
  hostChecksCapabilities,
  restartingError,
  toWitClientCapabilities,
  trapError,
} from "./call-failures.js";
import { GuestError } from "../guest-runtime/guest-error.js";
import { isRegistryEvent, ReplayUnwinding } from "./replay-unwinding.js";
import type {
  ClientReply,
  FromWorker,
  GuestEvent,
  HandlerName,
  RegistrySnapshot,
  ToWorker,
} from "./worker-protocol.js";

/** Everything needed to start an instance of a component. */
export interface InstanceSpec {
  name: string;
  entryUrl: string;
  /** Where workers keep V8's compiled code of the modules they load (see {@link bootWorker}). */
  codeCache?: string;
  imports: string[];
  modules: Record<string, unknown>;
  policy: ResolvedPolicy;
}

/** Where an instance reports what its component does. */
export interface InstanceHooks {
  /** A guest event; `request` is the request being served when it happened. */
  onEvent(event: GuestEvent, request: BackendRequest | undefined): void;
  /** Output the guest wrote to its stdout or stderr. */
  onOutput(stream: "stdout" | "stderr", text: string): void;
  /** Serves the component's `wasi:mcp/client` calls; absent, every `connect` is unauthorized. */
  broker?: McpClientBroker;
}

interface ActiveCall {
  id: number;
  request: BackendRequest;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Stops watching the request's cancellation (the deadline still holds). */
  detach(): void;
  dispose(): void;
}

const WORKER_URL = new URL("./instance-worker.js", import.meta.url);

/** Calls of an instance that typically take longer than this do not keep the host thread awake. */
const AWAKE_MS = 1;

/**
 * Starts a worker thread on the instance worker script without giving it an instance yet. It
 * evaluates its own modules (Node's worker bootstrap is most of an instance's start) and waits, so a worker booted early (while the host reads and compiles the component, or as a pool's
 * spare) takes that time off the critical path. It does not keep the process alive until
 * {@link WorkerInstance.start} takes it. With `codeCache` (a directory), the worker — and the WASI
 * shim's own I/O worker it starts — reuse V8's compiled code of those modules from earlier runs
 * (Node's module compile cache; ≈ 60 ms less per boot, measured).
 */
export function bootWorker(codeCache?: string): Worker {
  const worker = createWorker(codeCache);
  worker.unref();
  // A booted worker that fails before an instance takes it is replaced when it is taken.
  worker.on("error", () => {});
  return worker;
}

/**
 * Has a booted worker import the component's generated glue and the WASI shim modules its
 * `imports` need before its `init`.
 */
export function prepareWorker(worker: Worker, entryUrl: string, imports: string[]): void {
  worker.postMessage({ type: "prepare", entryUrl, imports } satisfies ToWorker);
}

/**
 * One component instance in its own worker thread. Calls are one at a time. A call past its
 * deadline, or cancelled by the client, terminates the worker (even inside an infinite guest loop)
 * and is answered with an error; so does a trap. A dead instance never serves again: the pool
 * replaces it.
 *
 * A call stopped by an MRTR `InputRequiredSignal` (a 2026-07-28 question without an answer yet) is
 * rejected with the signal at once, so the client gets `input_required` without waiting for the
 * guest; the guest's question returns the replay outcome and its call unwinds in the worker,
 * which keeps the instance and its state. Until the guest returns (or reaches its deadline, which
 * kills it) the instance is busy ({@link WorkerInstance.whenFree}), and what the call still does
 * is discarded ({@link ReplayUnwinding}).
 */
export class WorkerInstance {
  readonly #spec: InstanceSpec;
  readonly #hooks: InstanceHooks;
  readonly #worker: Worker;
  readonly #flag = new Int32Array(new SharedArrayBuffer(4));
  readonly #replies = new MessageChannel();
  #active: ActiveCall | undefined;
  readonly #unwinding = new ReplayUnwinding();
  #starting: { resolve(registry: RegistrySnapshot): void; reject(error: HostError): void } | undefined;
  #nextId = 1;
  #dead = false;
  #awake = false;
  #awakeUntil = 0;
  /** Moving average of this instance's call round trips (ms). */
  #typicalMs = 0;
  #callStarted = 0;
  readonly #threadId: number;
  #memoryBytes = 0;
  #startMemoryBytes = 0;
  /** Called once when the worker is gone, for whatever reason. */
  onExit: (() => void) | undefined;

  private constructor(spec: InstanceSpec, hooks: InstanceHooks, booted: Worker | undefined) {
    this.#spec = spec;
    this.#hooks = hooks;
    // threadId is -1 once a worker has exited.
    this.#worker = booted && booted.threadId >= 0 ? booted : createWorker(spec.codeCache);
    this.#worker.ref();
    // A worker that dies holding the filesystem lock cannot release it: the host does (threadId
    // reads -1 once the worker has exited, so it is kept now).
    const workerThreadId = this.#worker.threadId;
    this.#threadId = workerThreadId;
    this.#worker.once("exit", () => releaseFilesystemLockOf(workerThreadId));
    this.#worker.stdout.on("data", (chunk: Buffer) => hooks.onOutput("stdout", chunk.toString("utf8")));
    this.#worker.stderr.on("data", (chunk: Buffer) => hooks.onOutput("stderr", chunk.toString("utf8")));
  }

  /**
   * Instantiates the component in a worker (`booted` by {@link bootWorker}, else a new one) and
   * runs its entry point.
   */
  static start(
    spec: InstanceSpec,
    hooks: InstanceHooks,
    booted?: Worker,
  ): Promise<{ instance: WorkerInstance; registry: RegistrySnapshot }> {
    const instance = new WorkerInstance(spec, hooks, booted);
    return new Promise((resolve, reject) => {
      instance.#starting = {
        resolve: (registry) => resolve({ instance, registry }),
        reject: (error) => {
          void instance.terminate();
          reject(error);
        },
      };
      instance.#listen();
      instance.#send({
        type: "init",
        componentName: spec.name,
        entryUrl: spec.entryUrl,
        imports: spec.imports,
        modules: spec.modules,
        policy: spec.policy,
        signal: instance.#flag.buffer as SharedArrayBuffer,
        replies: instance.#replies.port2,
        filesystemLock: filesystemLockBuffer(),
      });
    });
  }

  /** True once the worker is gone; a dead instance refuses calls. */
  get dead(): boolean {
    return this.#dead;
  }

  /**
   * `undefined` when the guest runs no call; else (a call stopped for MRTR still unwinding) a
   * promise that resolves when it returned or the instance died. The next call must wait for it.
   */
  whenFree(): Promise<void> | undefined {
    return this.#unwinding.whenFree();
  }

  /** Bytes of linear memory the instance held when its last call returned (or when it started). */
  get memoryBytes(): number {
    return this.#memoryBytes;
  }

  /** Bytes of linear memory the instance held once started, before any call. */
  get startMemoryBytes(): number {
    return this.#startMemoryBytes;
  }

  /** Calls a handler export with WIT arguments; resolves with the MCP-form result. */
  call(handler: HandlerName, args: unknown[], request: BackendRequest, deadlineMs: number): Promise<unknown> {
    if (this.#dead) return Promise.reject(restartingError(this.#spec.name));
    if (this.#active || this.#unwinding.busy)
      throw new Error("[@wasi-mcp/host] WorkerInstance.call while another call is active");
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#kill(deadlineError(this.#spec.name, deadlineMs));
      }, deadlineMs);
      const onAbort = () => this.#kill(cancelledError());
      request.signal.addEventListener("abort", onAbort, { once: true });
      this.#active = {
        id,
        request,
        resolve,
        reject,
        detach: () => request.signal.removeEventListener("abort", onAbort),
        dispose: () => {
          clearTimeout(timer);
          request.signal.removeEventListener("abort", onAbort);
        },
      };
      const clientCapabilities = toWitClientCapabilities(request);
      this.#send({
        type: "call",
        id,
        handler,
        args,
        clientCapabilities,
        hostChecksCapabilities: hostChecksCapabilities(request),
      });
      this.#callStarted = performance.now();
      this.#stayAwake();
    });
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
      if (this.#active && performance.now() < this.#awakeUntil) setImmediate(turn);
      else this.#awake = false;
    };
    setImmediate(turn);
  }

  /** Stops the worker; an active call is answered with an error. */
  async terminate(): Promise<void> {
    this.#kill(new McpError(ErrorCode.InternalError, `Component ${this.#spec.name} was stopped`));
  }

  #listen(): void {
    this.#worker.on("message", (message: FromWorker) => this.#onMessage(message));
    this.#worker.on("error", (error) => this.#gone(error.message));
    this.#worker.on("exit", (code) => this.#gone(`its worker exited (${code})`));
  }

  #gone(detail: string): void {
    const starting = this.#starting;
    this.#starting = undefined;
    starting?.reject(new HostError("COMPONENT_LOAD_FAILED", `${detail} while starting`));
    this.#kill(trapError(this.#spec.name, detail));
  }

  #onMessage(message: FromWorker): void {
    const active = this.#active;
    switch (message.type) {
      case "ready":
      case "failed": {
        const starting = this.#starting;
        this.#starting = undefined;
        if (message.type === "ready") {
          this.#startMemoryBytes = this.#memoryBytes = message.memoryBytes ?? 0;
          starting?.resolve(message.registry);
        } else starting?.reject(new HostError(message.code, message.message));
        return;
      }
      case "broker-request":
        // Only one call runs in a worker: while one unwinds, its requests are its.
        if (this.#unwinding.busy) return void this.#reply(() => this.#unwinding.refuse());
        void this.#reply(() => this.#askBroker(message.operation, message.args));
        return;
      case "result":
        if (this.#unwinding.isCall(message.id)) {
          // The client was answered input_required already: the outcome is discarded.
          this.#unwinding.end();
          if (!message.ok && message.failure.kind === "trap") this.#kill(undefined);
          return;
        }
        if (!active || active.id !== message.id) return;
        this.#typicalMs += (performance.now() - this.#callStarted - this.#typicalMs) / 8;
        this.#memoryBytes = message.memoryBytes ?? this.#memoryBytes;
        this.#settle();
        if (message.ok) active.resolve(message.value);
        else {
          active.reject(callFailureError(this.#spec.name, message.failure));
          if (message.failure.kind === "trap") this.#kill(undefined);
        }
        return;
      case "event":
        if (this.#unwinding.isCall(message.callId)) {
          // A stopped call reaches no client; what it registers is the instance's state, kept.
          if (isRegistryEvent(message.event)) this.#hooks.onEvent(message.event, undefined);
          return;
        }
        this.#hooks.onEvent(
          message.event,
          active && active.id === message.callId ? active.request : undefined,
        );
        return;
      case "client-request":
        if (this.#unwinding.isCall(message.callId)) return void this.#reply(() => this.#unwinding.refuse());
        void this.#reply(async () => {
          try {
            return await askClientAll(active?.request, message.requests);
          } catch (error) {
            // MRTR (ADR 0005 §3): the request is answered input_required now; the guest gets the
            // replay outcome and unwinds, keeping its instance.
            if (isInputRequiredSignal(error) && active && this.#active === active) {
              this.#stopForReplay(active, error);
              return this.#unwinding.refuse();
            }
            throw error;
          }
        });
        return;
    }
  }

  #askBroker(operation: ClientOperation, args: unknown[]): Promise<unknown> {
    const broker = this.#hooks.broker;
    if (!broker) {
      throw new ClientOperationError({
        code: "unauthorized",
        message: `${this.#spec.name} may not connect to other servers`,
      });
    }
    return broker.handle(operation, args);
  }

  /** Answers a blocking import: runs `work`, posts its outcome, wakes the worker. */
  async #reply(work: () => Promise<unknown>): Promise<void> {
    let reply: ClientReply;
    try {
      reply = { ok: true, result: await work() };
    } catch (error) {
      reply = { ok: false, error: replyError(error) };
    }
    if (this.#dead) return;
    this.#replies.port1.postMessage(reply);
    Atomics.store(this.#flag, 0, 1);
    Atomics.notify(this.#flag, 0);
  }

  /** Answers the call's request with `signal` now; its guest unwinds, the instance busy meanwhile. */
  #stopForReplay(active: ActiveCall, signal: unknown): void {
    this.#active = undefined;
    active.detach();
    this.#unwinding.begin(active.id, active.dispose);
    active.reject(signal);
  }

  #settle(): void {
    this.#active?.dispose();
    this.#active = undefined;
  }

  #kill(error: unknown): void {
    const active = this.#active;
    this.#settle();
    this.#unwinding.end();
    if (active && error) active.reject(error);
    if (this.#dead) return;
    this.#dead = true;
    this.#replies.port1.close();
    noteThreadKilled(this.#threadId);
    void this.#worker.terminate();
    this.onExit?.();
  }

  #send(message: ToWorker): void {
    this.#worker.postMessage(message, message.type === "init" ? [message.replies] : []);
  }
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

function replyError(error: unknown): Types.Error {
  if (error instanceof ClientOperationError) return error.error;
  if (error instanceof GuestError) return error.payload;
  return clientRefusal(error);
}

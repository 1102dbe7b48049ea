// The page's side of one instance: its Web Worker, the call in flight, its deadline.
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { HostError } from "@wasi-mcp/conversions";
import {
  askClientAll,
  callFailureError,
  cancelledError,
  deadlineError,
  type GuestEvent,
  type HandlerName,
  isRegistryEvent,
  type KeyedClientRequest,
  type RegistrySnapshot,
  ReplayUnwinding,
  replayOutcome,
  restartingError,
  toWitClientCapabilities,
  trapError,
} from "@wasi-mcp/host/portable";
import { type BackendRequest, isInputRequiredSignal } from "@wasi-mcp/router";
import type { ResolvedBrowserPolicy } from "./policy.js";
import { createReplyBuffer, type Reply, writeReply } from "./reply-channel.js";
import type { FromWorker, ToWorker } from "./worker-protocol.js";

/** What starting an instance needs; the compiled modules are shared by every instance. */
export interface InstanceSpec {
  name: string;
  glue: string;
  imports: string[];
  modules: Record<string, WebAssembly.Module>;
  policy: ResolvedBrowserPolicy;
  /** URL of the bundled instance worker script. */
  workerUrl: URL;
}

/** Where an instance reports what its component does. */
export interface InstanceHooks {
  onEvent(event: GuestEvent, request: BackendRequest | undefined): void;
  onOutput(stream: "stdout" | "stderr", text: string): void;
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

/**
 * One component instance in its own Web Worker. A call past its deadline, or cancelled by its
 * client, terminates the worker (`Worker.terminate()` stops even an infinite guest loop); the
 * instance is then dead and its owner starts another one. A call stopped for MRTR (a 2026-07-28
 * question answered `input_required`) is rejected with the signal at once while its guest gets the
 * replay outcome and unwinds, keeping the instance; meanwhile the instance is busy
 * ({@link WorkerInstance.whenFree}) and what the call still does is discarded, as in the Node host.
 */
export class WorkerInstance {
  readonly #spec: InstanceSpec;
  readonly #hooks: InstanceHooks;
  readonly #worker: Worker;
  readonly #replies = createReplyBuffer();
  #active: ActiveCall | undefined;
  readonly #unwinding = new ReplayUnwinding();
  #nextId = 1;
  #dead = false;
  /** Called once when the instance dies. */
  onExit: (() => void) | undefined;

  private constructor(spec: InstanceSpec, hooks: InstanceHooks) {
    this.#spec = spec;
    this.#hooks = hooks;
    this.#worker = new Worker(spec.workerUrl, { type: "module", name: `wasi-mcp:${spec.name}` });
  }

  /** Starts a worker, instantiates the component in it and runs its `run` export. */
  static async start(
    spec: InstanceSpec,
    hooks: InstanceHooks,
  ): Promise<{ instance: WorkerInstance; registry: RegistrySnapshot }> {
    const instance = new WorkerInstance(spec, hooks);
    try {
      const registry = await instance.#boot();
      instance.#worker.onmessage = (event: MessageEvent<FromWorker>) => instance.#onMessage(event.data);
      instance.#worker.onerror = (event) =>
        instance.#kill(trapError(spec.name, event.message || "worker error"));
      return { instance, registry };
    } catch (error) {
      instance.#worker.terminate();
      throw error;
    }
  }

  /** True once the worker was terminated. */
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

  /** Calls a handler export with WIT arguments; resolves with the MCP-form result. */
  call(handler: HandlerName, args: unknown[], request: BackendRequest, deadlineMs: number): Promise<unknown> {
    if (this.#dead) return Promise.reject(restartingError(this.#spec.name));
    if (this.#active || this.#unwinding.busy)
      throw new Error("[@wasi-mcp/host-browser] call while another call is active");
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
      this.#send({ type: "call", id, handler, args, clientCapabilities: toWitClientCapabilities(request) });
    });
  }

  /** Stops the worker; an active call is answered with an error. */
  terminate(): void {
    this.#kill(new McpError(ErrorCode.InternalError, `Component ${this.#spec.name} was stopped`));
  }

  #boot(): Promise<RegistrySnapshot> {
    const { name, glue, imports, modules, policy } = this.#spec;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new HostError(
              "COMPONENT_LOAD_FAILED",
              `${name} did not start within ${policy.startTimeoutMs} ms`,
            ),
          ),
        policy.startTimeoutMs,
      );
      this.#worker.onerror = (event) => {
        clearTimeout(timer);
        reject(new HostError("COMPONENT_LOAD_FAILED", `its worker failed while starting: ${event.message}`));
      };
      this.#worker.onmessage = (event: MessageEvent<FromWorker>) => {
        const message = event.data;
        if (message.type === "output") return this.#hooks.onOutput(message.stream, message.text);
        if (message.type === "event") return this.#hooks.onEvent(message.event, undefined);
        clearTimeout(timer);
        if (message.type === "ready") resolve(message.registry);
        else if (message.type === "failed") reject(new HostError(message.code, message.message));
      };
      this.#send({
        type: "init",
        componentName: name,
        glue,
        imports,
        modules,
        policy,
        replies: this.#replies,
      });
    });
  }

  #onMessage(message: FromWorker): void {
    const active = this.#active;
    switch (message.type) {
      case "result":
        if (this.#unwinding.isCall(message.id)) {
          // The client was answered input_required already: the outcome is discarded.
          this.#unwinding.end();
          if (!message.ok && message.failure.kind === "trap") this.#kill(undefined);
          return;
        }
        if (!active || active.id !== message.id) return;
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
      case "output":
        this.#hooks.onOutput(message.stream, message.text);
        return;
      case "client-request":
        if (this.#unwinding.isCall(message.callId)) {
          this.#write({ ok: false, error: replayOutcome() });
          return;
        }
        void this.#answer(active && active.id === message.callId ? active : undefined, message.requests);
        return;
      default:
        return;
    }
  }

  /** Asks the call's client and writes the answers where the blocked worker reads them. */
  async #answer(active: ActiveCall | undefined, requests: KeyedClientRequest[]): Promise<void> {
    let reply: Reply;
    try {
      reply = { ok: true, result: await askClientAll(active?.request, requests) };
    } catch (error) {
      // MRTR (ADR 0005 §3): the request is answered input_required now; the guest gets the replay
      // outcome and unwinds, keeping its instance.
      if (isInputRequiredSignal(error) && active && this.#active === active) {
        this.#stopForReplay(active, error);
        this.#write({ ok: false, error: replayOutcome() });
        return;
      }
      const timeout = error instanceof McpError && error.code === ErrorCode.RequestTimeout;
      reply = {
        ok: false,
        error: { code: timeout ? "timeout" : "internal-error", message: (error as Error).message },
      };
    }
    this.#write(reply);
  }

  #write(reply: Reply): void {
    if (!this.#dead && this.#replies) writeReply(this.#replies, reply);
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
    this.#worker.terminate();
    this.onExit?.();
  }

  #send(message: ToWorker): void {
    this.#worker.postMessage(message);
  }
}

import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { Context } from "@opentelemetry/api";
import type { Types } from "@wasi-mcp/bindings";
import { HostError } from "@wasi-mcp/conversions";
import { type BackendRequest, replayRequested } from "@wasi-mcp/router";
import { askClientAll, type KeyedClientRequest } from "../guest-runtime/client-questions.js";
import { GuestError } from "../guest-runtime/guest-error.js";
import type { GuestEvent, HandlerName, RegistrySnapshot } from "../guest-runtime/guest-events.js";
import {
  type ClientOperation,
  ClientOperationError,
  type McpClientBroker,
} from "../guest-runtime/mcp-client-broker.js";
import {
  callFailureError,
  cancelledError,
  clientRefusal,
  deadlineError,
  restartingError,
  toWitClientCapabilities,
  trapError,
} from "./call-failures.js";
import { activeContext, inSpan, recordImport } from "./engine-telemetry.js";
import type { EnginePolicy, InstanceChannel, InstanceSpec } from "./platform.js";
import { isRegistryEvent, ReplayUnwinding } from "./replay-unwinding.js";
import type { ClientReply, FromWorker } from "./worker-protocol.js";

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
  /** The trace context the call started in: the parent of its host imports' spans. */
  trace: Context;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Stops watching the request's cancellation (the deadline still holds). */
  detach(): void;
  dispose(): void;
}

/**
 * One component instance on its own instance side — a worker thread in Node, a Web Worker in a page
 * — reached through the platform's {@link InstanceChannel}. Calls are one at a time. A call past its
 * deadline, or cancelled by the client, terminates the worker (even inside an infinite guest loop)
 * and is answered with an error; so does a trap. A dead instance never serves again: the pool
 * replaces it.
 *
 * A call whose request's signal is aborted with a `ReplayRequested` reason (the router's MRTR
 * replay: a 2026-07-28 question without an answer yet) is not killed: it is rejected with the
 * reason at once, so the client gets `input_required` without waiting for the guest; the guest's
 * question returns the replay outcome and its call unwinds in the worker,
 * which keeps the instance and its state. Until the guest returns (or reaches its deadline, which
 * kills it) the instance is busy ({@link WorkerInstance.whenFree}), and what the call still does
 * is discarded ({@link ReplayUnwinding}).
 */
export class WorkerInstance {
  readonly #name: string;
  readonly #hooks: InstanceHooks;
  readonly #channel: InstanceChannel;
  #active: ActiveCall | undefined;
  readonly #unwinding = new ReplayUnwinding();
  #starting: { resolve(registry: RegistrySnapshot): void; reject(error: HostError): void } | undefined;
  #nextId = 1;
  #dead = false;
  #memoryBytes = 0;
  #startMemoryBytes = 0;
  /** Called once when the worker is gone, for whatever reason. */
  onExit: (() => void) | undefined;

  private constructor(name: string, hooks: InstanceHooks, channel: InstanceChannel) {
    this.#name = name;
    this.#hooks = hooks;
    this.#channel = channel;
  }

  /**
   * Instantiates the component on an instance side (`booted`, from the platform's `spawn`, else a
   * new one) and runs its entry point.
   */
  static start<P extends EnginePolicy>(
    spec: InstanceSpec<P>,
    hooks: InstanceHooks,
    booted?: InstanceChannel,
  ): Promise<{ instance: WorkerInstance; registry: RegistrySnapshot }> {
    const instance = new WorkerInstance(spec.name, hooks, booted ?? spec.platform.spawn(spec));
    const { startTimeoutMs } = spec.policy;
    return new Promise((resolve, reject) => {
      const timer =
        startTimeoutMs === undefined
          ? undefined
          : setTimeout(
              () => instance.#gone(`it did not start within ${startTimeoutMs} ms`, ""),
              startTimeoutMs,
            );
      instance.#starting = {
        resolve: (registry) => {
          clearTimeout(timer);
          resolve({ instance, registry });
        },
        reject: (error) => {
          clearTimeout(timer);
          void instance.terminate();
          reject(error);
        },
      };
      instance.#listen();
      instance.#channel.post({
        type: "init",
        componentName: spec.name,
        entryUrl: spec.entryUrl,
        imports: spec.imports,
        modules: spec.modules,
        policy: spec.policy,
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
    if (this.#dead) return Promise.reject(restartingError(this.#name));
    if (this.#active || this.#unwinding.busy)
      throw new Error("[@wasi-mcp/host] WorkerInstance.call while another call is active");
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#kill(deadlineError(this.#name, deadlineMs));
      }, deadlineMs);
      // A plain abort is a cancellation (the worker is killed); one for a replay lets the guest
      // unwind in its instance.
      const onAbort = () => {
        const active = this.#active;
        if (!replayRequested(request.signal)) return this.#kill(cancelledError());
        if (active?.id === id) this.#stopForReplay(active, request.signal.reason);
      };
      request.signal.addEventListener("abort", onAbort, { once: true });
      this.#active = {
        id,
        request,
        trace: activeContext(),
        resolve,
        reject,
        detach: () => request.signal.removeEventListener("abort", onAbort),
        dispose: () => {
          clearTimeout(timer);
          request.signal.removeEventListener("abort", onAbort);
        },
      };
      const clientCapabilities = toWitClientCapabilities(request);
      this.#channel.post({
        type: "call",
        id,
        handler,
        args,
        clientCapabilities,
      });
    });
  }

  /** Stops the worker; an active call is answered with an error. */
  async terminate(): Promise<void> {
    this.#kill(new McpError(ErrorCode.InternalError, `Component ${this.#name} was stopped`));
  }

  #listen(): void {
    this.#channel.onMessage((message) => this.#onMessage(message));
    this.#channel.onExit((detail) => this.#gone(detail));
  }

  #gone(detail: string, whileStarting = " while starting"): void {
    const starting = this.#starting;
    this.#starting = undefined;
    starting?.reject(new HostError("COMPONENT_LOAD_FAILED", `${detail}${whileStarting}`));
    this.#kill(trapError(this.#name, detail));
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
        void this.#reply(() =>
          inSpan(
            `mcp client ${message.operation}`,
            { "wasi_mcp.component": this.#name },
            () => this.#askBroker(message.operation, message.args),
            active?.trace,
          ),
        );
        return;
      case "result":
        if (this.#unwinding.isCall(message.id)) {
          // The client was answered input_required already: the outcome is discarded, the
          // instance's memory reading is not (the pool retires by it).
          this.#memoryBytes = message.memoryBytes ?? this.#memoryBytes;
          this.#unwinding.end();
          if (!message.ok && message.failure.kind === "trap") this.#kill(undefined);
          return;
        }
        if (!active || active.id !== message.id) return;
        this.#memoryBytes = message.memoryBytes ?? this.#memoryBytes;
        this.#settle();
        if (message.ok) active.resolve(message.value);
        else {
          active.reject(callFailureError(this.#name, message.failure));
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
      case "import":
        if (active && active.id === message.callId) recordImport(message.timing, active.trace);
        return;
      case "client-request":
        if (this.#unwinding.isCall(message.callId)) return void this.#reply(() => this.#unwinding.refuse());
        void this.#reply(async () => {
          try {
            return await inSpan(
              `client question ${questionMethods(message.requests)}`,
              { "wasi_mcp.component": this.#name, "mcp.method.name": questionMethods(message.requests) },
              () => askClientAll(active?.request, message.requests),
              active?.trace,
            );
          } catch (error) {
            // The question aborted the request's signal for a replay (MRTR, ADR 0005 §3): the
            // call was answered at the abort; the guest gets the replay outcome and unwinds.
            if (this.#unwinding.isCall(message.callId)) return this.#unwinding.refuse();
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
        message: `${this.#name} may not connect to other servers`,
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
    if (!this.#dead) this.#channel.reply(reply);
  }

  /** Answers the call's request with `reason` now; its guest unwinds, the instance busy meanwhile. */
  #stopForReplay(active: ActiveCall, reason: unknown): void {
    this.#active = undefined;
    active.detach();
    this.#unwinding.begin(active.id, active.dispose);
    active.reject(reason);
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
    this.#channel.terminate();
    this.onExit?.();
  }
}

/** The methods a batch of client questions asks, e.g. `elicitation/create`. */
function questionMethods(requests: KeyedClientRequest[]): string {
  return [...new Set(requests.map(({ request }) => request.method))].join(",");
}

function replyError(error: unknown): Types.Error {
  if (error instanceof ClientOperationError) return error.error;
  if (error instanceof GuestError) return error.payload;
  return clientRefusal(error);
}

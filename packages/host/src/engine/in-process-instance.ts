import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { HostError } from "@wasi-mcp/conversions";
import { type BackendRequest, replayRequested } from "@wasi-mcp/router";
import { askClientNow, type KeyedClientRequest } from "../guest-runtime/client-questions.js";
import { GuestError } from "../guest-runtime/guest-error.js";
import type { HandlerName, RegistrySnapshot } from "../guest-runtime/guest-events.js";
import {
  callFailureError,
  cancelledError,
  clientRefusal,
  restartingError,
  toWitClientCapabilities,
} from "./call-failures.js";
import { ComponentRuntime } from "./instance-runtime.js";
import type { EnginePolicy, InstanceSpec, WasiFactory } from "./platform.js";
import { isRegistryEvent, replayOutcomeError } from "./replay-unwinding.js";
import type { InstanceHooks } from "./worker-instance.js";

/**
 * The call in progress; `stopped` is the reason its request's signal was aborted with for a
 * replay (`ReplayRequested`) while the guest ran.
 */
interface ActiveCall {
  id: number;
  request: BackendRequest;
  stopped: unknown;
}

/**
 * One component instance in the host's own thread (policy `isolation: "in-process"`), for trusted
 * components: a call is a direct export call, with no thread hop. What the worker gives and this
 * does not: a call cannot be stopped — deadlines and cancellation take effect only once the guest
 * returns (the call is then answered with the same error as in a worker, its result dropped), and
 * a guest that never returns blocks the host — and the guest cannot wait for the
 * client or other servers (`request-sampling`, `request-elicitation` and `wasi:mcp/client` answer
 * `unsupported-operation`), except on a 2026-07-28 request, where sampling and elicitation are
 * answered at once by MRTR replay or stop the call (ADR 0005 §3). The memory cap, the WASI sandbox and the replacement of a trapped
 * instance are the same.
 *
 * A call stopped for MRTR keeps its instance, as in a worker: the guest's question returns the
 * replay outcome, and what the guest does until it returns is discarded. Here the host's thread
 * runs the guest, so the client is answered `input_required` only once the guest has returned.
 */
export class InProcessInstance {
  readonly #name: string;
  readonly #runtime: ComponentRuntime<unknown>;
  #active: ActiveCall | undefined;
  #nextId = 1;
  #dead = false;
  #startMemoryBytes = 0;
  /** Called once when the instance is discarded (a trap, or `terminate`). */
  onExit: (() => void) | undefined;

  private constructor(spec: InstanceSpec, hooks: InstanceHooks) {
    this.#name = spec.name;
    const wasi = spec.platform.wasi;
    if (!wasi) throw new HostError("COMPONENT_LOAD_FAILED", 'this platform offers no isolation "in-process"');
    const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    this.#runtime = new ComponentRuntime(
      {
        emit: (event, callId) => {
          const active = callId !== undefined && callId === this.#active?.id ? this.#active : undefined;
          // A stopped call reaches no client; what it registers is the instance's state, kept.
          if (active?.stopped !== undefined && !isRegistryEvent(event)) return;
          hooks.onEvent(event, active?.request);
        },
        output: {
          write: (stream, bytes) => hooks.onOutput(stream, decoders[stream].decode(bytes, { stream: true })),
        },
        answerClient: (requests) => this.#answerClient(requests),
      },
      wasi as WasiFactory<unknown>,
    );
  }

  /** Instantiates the component in this thread and runs its entry point. */
  static async start<P extends EnginePolicy>(
    spec: InstanceSpec<P>,
    hooks: InstanceHooks,
  ): Promise<{ instance: InProcessInstance; registry: RegistrySnapshot }> {
    const instance = new InProcessInstance(spec as unknown as InstanceSpec, hooks);
    const outcome = await instance.#runtime.start({ ...spec, componentName: spec.name });
    if (outcome.type === "failed") throw new HostError(outcome.code, outcome.message);
    instance.#startMemoryBytes = outcome.memoryBytes ?? 0;
    return { instance, registry: outcome.registry };
  }

  /** True once discarded; a dead instance refuses calls. */
  get dead(): boolean {
    return this.#dead;
  }

  /** Never busy between calls here (a call runs to its end in `call`): always `undefined`. */
  whenFree(): Promise<void> | undefined {
    return undefined;
  }

  /** Bytes of linear memory the instance holds now. */
  get memoryBytes(): number {
    return this.#runtime.memoryBytes();
  }

  /** Bytes of linear memory the instance held once started, before any call. */
  get startMemoryBytes(): number {
    return this.#startMemoryBytes;
  }

  /** Calls a handler export with WIT arguments; resolves with the MCP-form result. */
  async call(
    handler: HandlerName,
    args: unknown[],
    request: BackendRequest,
    deadlineMs: number,
  ): Promise<unknown> {
    if (this.#dead) throw restartingError(this.#name);
    if (request.signal.aborted) throw cancelledError();
    const started = performance.now();
    const id = this.#nextId++;
    const active: ActiveCall = { id, request, stopped: undefined };
    this.#active = active;
    let outcome: ReturnType<ComponentRuntime<unknown>["call"]>;
    try {
      outcome = this.#runtime.call({
        type: "call",
        id,
        handler,
        args,
        clientCapabilities: toWitClientCapabilities(request),
      });
    } finally {
      this.#active = undefined;
    }
    if (active.stopped !== undefined) {
      // MRTR: the guest got the replay outcome and returned; what it returned is discarded and
      // the instance kept (a trap still discards it).
      if (!outcome.ok && outcome.failure.kind === "trap") this.#discard();
      throw active.stopped;
    }
    if (replayRequested(request.signal)) throw request.signal.reason;
    if (request.signal.aborted) throw cancelledError();
    if (performance.now() - started > deadlineMs) {
      throw new McpError(
        ErrorCode.RequestTimeout,
        `Component ${this.#name} did not answer within ${deadlineMs} ms (in-process: the call ran to its end)`,
      );
    }
    if (outcome.ok) return outcome.value;
    if (outcome.failure.kind === "trap") this.#discard();
    throw callFailureError(this.#name, outcome.failure);
  }

  /**
   * Client requests from the guest: answered at once where the request can (its
   * `requestClientNow`, which answers a 2026-07-28 retry from its replay). When asking aborts the
   * request's signal for a replay (`ReplayRequested`), the reason is remembered and the guest gets
   * the replay outcome — as does every later question of that call, which is not put. Where the
   * request cannot answer at once, the guest cannot wait for the client: `unsupported-operation`.
   */
  #answerClient(requests: readonly KeyedClientRequest[]): Record<string, unknown>[] {
    const active = this.#active;
    if (active?.stopped !== undefined) throw replayOutcomeError();
    let answers: Record<string, unknown>[] | undefined;
    try {
      answers = askClientNow(active?.request, requests);
    } catch (error) {
      if (active && replayRequested(active.request.signal)) {
        active.stopped = active.request.signal.reason;
        throw replayOutcomeError();
      }
      // A refusal (capability, invalid answer) is the guest's to handle, as from a worker.
      const refusal = clientRefusal(error);
      throw new GuestError(refusal.code, refusal.message);
    }
    if (!answers) {
      throw new GuestError(
        "unsupported-operation",
        'a component loaded in-process cannot wait for the client (load it with isolation: "worker")',
      );
    }
    return answers;
  }

  /** Discards the instance. */
  async terminate(): Promise<void> {
    this.#discard();
  }

  #discard(): void {
    if (this.#dead) return;
    this.#dead = true;
    this.onExit?.();
  }
}

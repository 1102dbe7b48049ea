// One component instance and the calls into it, wherever it runs: in an instance worker (Node's
// node/instance-worker.ts, a page's Web Worker) or, for trusted components, in the host's own
// thread (in-process-instance.ts). The platform's WASI comes in as a factory.
import type { Capabilities, HandlersExports, RunExports, Types } from "@wasi-mcp/bindings";
import { guestErrorFrom, HostError } from "@wasi-mcp/conversions";
import { createClientImports } from "../guest-runtime/client-imports.js";
import type { KeyedClientRequest } from "../guest-runtime/client-questions.js";
import { GuestError } from "../guest-runtime/guest-error.js";
import type { GuestEvent } from "../guest-runtime/guest-events.js";
import { describeTrap, GuestExit } from "../guest-runtime/guest-exit.js";
import { convertHandlerResult } from "../guest-runtime/handler-results.js";
import { ComponentRegistry } from "../guest-runtime/registry.js";
import { createRuntimeImports } from "../guest-runtime/runtime-imports.js";
import { skillLimitsOf } from "../guest-runtime/skill-registry.js";
import { createSkillsImports } from "../guest-runtime/skills-imports.js";
import type { GuestOutput } from "../sandbox/wasi-sandbox.js";
import { LinearMemoryWatch } from "./linear-memory.js";
import type { WasiFactory } from "./platform.js";
import {
  type CallMessage,
  type FromWorker,
  type ImportTiming,
  type InitMessage,
  JSON_TEXT_ARGUMENT,
} from "./worker-protocol.js";

/** Interfaces that carry only types: jco lists them as imports, but nothing needs providing. */
const TYPE_ONLY_IMPORTS = new Set(["wasi:mcp/types", "wasi:mcp/content", "wasi:mcp/capabilities"]);
const NO_CLIENT: Capabilities.ClientCapabilities = { sampling: false, elicitation: false, roots: false };

interface GeneratedModule {
  instantiate(
    getCoreModule: (name: string) => Promise<unknown>,
    imports: Record<string, object>,
    instantiateCore: LinearMemoryWatch["instantiateCore"],
  ): Promise<{ handlers: HandlersExports; run: RunExports }>;
}

/** A request from the instance to the host side that the instance waits for. */
export type BlockingRequest = Extract<FromWorker, { type: "client-request" | "broker-request" }>;

/** How an instance reaches the host side. */
export interface RuntimeLink {
  /** Forwards a guest event; `callId` is the call in progress when it happened. */
  emit(event: GuestEvent, callId: number | undefined): void;
  /**
   * Sends a request to the host side and blocks until it answers. Absent when the instance runs in
   * the host's own thread, which cannot wait for itself: such requests are then refused.
   */
  ask?(request: BlockingRequest): unknown;
  /**
   * Answers client requests without waiting, where the host side can (the request's
   * `requestClientNow`); throws otherwise. For an instance in the host's own thread.
   */
  answerClient?(requests: readonly KeyedClientRequest[]): Record<string, unknown>[];
  /** Receives the guest's stdout/stderr; absent, they are the thread's own. */
  output?: GuestOutput;
  /** Receives the timing of a host import the guest made (for the host's spans); absent: dropped. */
  timing?(timing: ImportTiming, callId: number | undefined): void;
}

/** What starting an instance came to. */
export type StartOutcome = Extract<FromWorker, { type: "ready" | "failed" }>;
/** What a call came to. */
export type CallOutcome = Extract<FromWorker, { type: "result" }>;

/** The part of an init message an instance needs, wherever it runs. */
export type InstanceInit<P> = Pick<
  InitMessage<P>,
  "componentName" | "entryUrl" | "imports" | "modules" | "policy"
>;

/** One component instance: instantiates it, runs its entry point, and calls its handler exports. */
export class ComponentRuntime<P> {
  readonly #link: RuntimeLink;
  readonly #wasi: WasiFactory<P>;
  readonly #memory = new LinearMemoryWatch();
  #handlers: HandlersExports | undefined;
  #current: CallMessage | undefined;
  /** Outgoing HTTP requests refused during the current call, to name in a failing tool result. */
  #refusals: string[] = [];

  constructor(link: RuntimeLink, wasi: WasiFactory<P>) {
    this.#link = link;
    this.#wasi = wasi;
  }

  /** Instantiates the component in a WASI sandbox and runs its `run` export, which must `serve`. */
  async start(init: InstanceInit<P>): Promise<StartOutcome> {
    const registry = new ComponentRegistry(skillLimitsOf(init.policy));
    let imports: Record<string, object>;
    try {
      imports = {
        ...(await this.#wasi({
          componentName: init.componentName,
          imports: init.imports,
          policy: init.policy,
          output: this.#link.output,
          onHttpRefused: (destination, reason, outcome) => this.#httpRefused(destination, reason, outcome),
          onImportTiming: (timing) => this.#link.timing?.(timing, this.#current?.id),
        })),
        "wasi:mcp/runtime": createRuntimeImports(registry, this.#services),
        "wasi:mcp/skills": createSkillsImports(registry, (event) => this.#services.emit(event)),
        "wasi:mcp/client": createClientImports((operation, args) =>
          this.#ask({ type: "broker-request", operation, args }),
        ),
      };
    } catch (error) {
      return { type: "failed", code: "COMPONENT_LOAD_FAILED", message: (error as Error).message };
    }
    const denied = init.imports
      .map((name) => name.replace(/@[^@]*$/, ""))
      .filter((name) => !(name in imports) && !TYPE_ONLY_IMPORTS.has(name));
    if (denied.length > 0) {
      const list = [...new Set(denied)].join(", ");
      return {
        type: "failed",
        code: "COMPONENT_LOAD_FAILED",
        message: `it imports ${list}, which its policy does not grant`,
      };
    }
    try {
      const generated = (await import(/* @vite-ignore */ init.entryUrl)) as GeneratedModule;
      const instance = await generated.instantiate(
        async (file) => {
          const module = init.modules[file];
          if (!module) throw new Error(`core module ${file} is missing from the transpiled output`);
          return module;
        },
        imports,
        this.#memory.instantiateCore,
      );
      instance.run.run();
      if (!registry.served) {
        return {
          type: "failed",
          code: "COMPONENT_CONTRACT",
          message: "its run export returned without calling runtime.serve",
        };
      }
      this.#handlers = instance.handlers;
      return { type: "ready", registry: registry.snapshot(), memoryBytes: this.#memory.bytes() };
    } catch (error) {
      const guest = guestErrorFrom(error);
      const reason = guest
        ? `its run export failed (${guest.code}: ${guest.message})`
        : error instanceof GuestExit
          ? `its run export exited: ${error.message}`
          : `instantiation failed: ${(error as Error).message}`;
      return { type: "failed", code: "COMPONENT_LOAD_FAILED", message: reason };
    }
  }

  /** Bytes of linear memory the instance holds now (0 before it is instantiated). */
  memoryBytes(): number {
    return this.#memory.bytes();
  }

  /**
   * Calls a handler export; the result is converted to MCP, a failure classified. The outcome
   * carries the instance's linear memory after the call, for the pool's high-water mark.
   */
  call(message: CallMessage): CallOutcome {
    const outcome = this.#call(message);
    outcome.memoryBytes = this.#memory.bytes();
    return outcome;
  }

  #call(message: CallMessage): CallOutcome {
    if (!this.#handlers) throw new Error("[@wasi-mcp/host] call before ready");
    this.#current = message;
    this.#refusals = [];
    try {
      const fn = this.#handlers[message.handler] as (...args: unknown[]) => unknown;
      const value = withRefusals(
        convertHandlerResult(message.handler, fn(...witArguments(message))),
        this.#refusals,
      );
      return { type: "result", id: message.id, ok: true, value };
    } catch (error) {
      const guest = guestErrorFrom(error);
      if (guest)
        return { type: "result", id: message.id, ok: false, failure: { kind: "guest", error: guest } };
      if (error instanceof HostError) {
        return {
          type: "result",
          id: message.id,
          ok: false,
          failure: { kind: "invalid-data", message: error.message },
        };
      }
      return {
        type: "result",
        id: message.id,
        ok: false,
        failure: { kind: "trap", message: describeTrap(error) },
      };
    } finally {
      this.#current = undefined;
    }
  }

  /** Logs a refused (or, past a limit, stopped) request and keeps it for the current call's result. */
  #httpRefused(destination: string, reason: string, outcome: "refused" | "stopped" = "refused"): void {
    const message = `outgoing HTTP to ${destination} ${outcome}: ${reason}`;
    if (this.#current && !this.#refusals.includes(message)) this.#refusals.push(message);
    this.#link.emit({ type: "log", level: "warning", message, data: { destination } }, this.#current?.id);
  }

  readonly #services = {
    emit: (event: GuestEvent) => this.#link.emit(event, this.#current?.id),
    currentProgressToken: (): Types.ProgressToken | undefined =>
      (this.#current?.args[0] as Types.RequestContext | undefined)?.progressToken,
    clientCapabilities: () => this.#current?.clientCapabilities ?? NO_CLIENT,
    askClient: (requests: readonly KeyedClientRequest[]) => this.#askClient(requests),
  };

  /** Sends requests to the current request's client through the host side. */
  #askClient(requests: readonly KeyedClientRequest[]): Record<string, unknown>[] {
    if (!this.#current) {
      throw new GuestError("invalid-request", "the client can only be asked while handling a request");
    }
    if (!this.#link.ask && this.#link.answerClient) return this.#link.answerClient(requests);
    return this.#ask({ type: "client-request", callId: this.#current.id, requests: [...requests] }) as Record<
      string,
      unknown
    >[];
  }

  #ask(request: BlockingRequest): unknown {
    if (!this.#link.ask) {
      throw new GuestError(
        "unsupported-operation",
        'a component loaded in-process cannot wait for the client or other servers (load it with isolation: "worker")',
      );
    }
    return this.#link.ask(request);
  }
}

/** The call's arguments as its export takes them: the {@link JSON_TEXT_ARGUMENT} made JSON text. */
function witArguments({ handler, args }: CallMessage): unknown[] {
  const index = JSON_TEXT_ARGUMENT[handler];
  if (index === undefined) return args;
  const witArgs = [...args];
  witArgs[index] = JSON.stringify(args[index]);
  return witArgs;
}

/**
 * A failing tool result of a call during which outgoing HTTP was refused, with the refusals named
 * (the guest's `fetch` only sees a generic error): which destination, which policy field.
 */
function withRefusals(value: unknown, refusals: readonly string[]): unknown {
  const result = value as { isError?: boolean; content?: unknown[] } | undefined;
  if (refusals.length === 0 || !result?.isError || !Array.isArray(result.content)) return value;
  const note = refusals.map((refusal) => `[host] ${refusal}`).join("\n");
  return { ...result, content: [...result.content, { type: "text", text: note }] };
}

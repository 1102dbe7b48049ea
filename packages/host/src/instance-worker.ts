// Runs one component instance inside a worker thread. The host thread (worker-instance.ts) sends
// `init` once, then `call`s one at a time; this side converts results to MCP before posting them.
import { type MessagePort, parentPort, receiveMessageOnPort } from "node:worker_threads";
import type { Capabilities, HandlersExports, RunExports, Types } from "@wasi-mcp/bindings";
import {
  elicitationRequestToMcp,
  elicitationResultToWit,
  guestErrorFrom,
  HostError,
  samplingRequestToMcp,
  samplingResultToWit,
} from "@wasi-mcp/conversions";
import type { ClientBoundRequest } from "@wasi-mcp/router";
import { createClientImports } from "./client-imports.js";
import { GuestError, guestJson } from "./guest-error.js";
import { convertHandlerResult } from "./handler-results.js";
import { ComponentRegistry } from "./registry.js";
import { createRuntimeImports } from "./runtime-imports.js";
import { createWasiSandbox } from "./wasi-sandbox.js";
import { loadWasiShim } from "./wasi-shim.js";
import type {
  CallMessage,
  ClientReply,
  FromWorker,
  GuestEvent,
  InitMessage,
  ToWorker,
} from "./worker-protocol.js";

/** Interfaces that carry only types: jco lists them as imports, but nothing needs providing. */
const TYPE_ONLY_IMPORTS = new Set(["wasi:mcp/types", "wasi:mcp/content", "wasi:mcp/capabilities"]);
const NO_CLIENT: Capabilities.ClientCapabilities = { sampling: false, elicitation: false, roots: false };

interface GeneratedModule {
  instantiate(
    getCoreModule: (name: string) => Promise<unknown>,
    imports: Record<string, object>,
  ): Promise<{ handlers: HandlersExports; run: RunExports }>;
}

if (!parentPort) throw new Error("[@wasi-mcp/host] instance-worker must run in a worker thread");
const port: MessagePort = parentPort;
const post = (message: FromWorker) => port.postMessage(message);

let handlers: HandlersExports | undefined;
let current: CallMessage | undefined;
let flag: Int32Array;
let replies: MessagePort;

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
  else if (message.type === "init") void init(message);
  else {
    call(message);
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

async function init(message: InitMessage): Promise<void> {
  flag = new Int32Array(message.signal);
  replies = message.replies;
  const registry = new ComponentRegistry();
  let imports: Record<string, object>;
  try {
    const shim = await loadWasiShim(message.imports);
    imports = {
      ...createWasiSandbox(message.componentName, message.policy, shim),
      "wasi:mcp/runtime": createRuntimeImports(registry, services),
      "wasi:mcp/client": createClientImports((operation, args) =>
        ask({ type: "broker-request", operation, args }),
      ),
    };
  } catch (error) {
    return post({ type: "failed", code: "COMPONENT_LOAD_FAILED", message: (error as Error).message });
  }
  const denied = message.imports
    .map((name) => name.replace(/@[^@]*$/, ""))
    .filter((name) => !(name in imports) && !TYPE_ONLY_IMPORTS.has(name));
  if (denied.length > 0) {
    const list = [...new Set(denied)].join(", ");
    return post({
      type: "failed",
      code: "COMPONENT_LOAD_FAILED",
      message: `it imports ${list}, which its policy does not grant`,
    });
  }
  try {
    const generated = (await import(message.entryUrl)) as GeneratedModule;
    const instance = await generated.instantiate(async (file) => {
      const module = message.modules[file];
      if (!module) throw new Error(`core module ${file} is missing from the transpiled output`);
      return module;
    }, imports);
    instance.run.run();
    if (!registry.served) {
      return post({
        type: "failed",
        code: "COMPONENT_CONTRACT",
        message: "its run export returned without calling runtime.serve",
      });
    }
    handlers = instance.handlers;
    post({ type: "ready", registry: registry.snapshot() });
  } catch (error) {
    const guest = guestErrorFrom(error);
    const reason = guest
      ? `its run export failed (${guest.code}: ${guest.message})`
      : `instantiation failed: ${(error as Error).message}`;
    post({ type: "failed", code: "COMPONENT_LOAD_FAILED", message: reason });
  }
}

function call(message: CallMessage): void {
  if (!handlers) throw new Error("[@wasi-mcp/host] call before ready");
  current = message;
  try {
    const fn = handlers[message.handler] as (...args: unknown[]) => unknown;
    const value = convertHandlerResult(message.handler, fn(...message.args));
    post({ type: "result", id: message.id, ok: true, value });
  } catch (error) {
    const guest = guestErrorFrom(error);
    if (guest) post({ type: "result", id: message.id, ok: false, failure: { kind: "guest", error: guest } });
    else if (error instanceof HostError) {
      post({
        type: "result",
        id: message.id,
        ok: false,
        failure: { kind: "invalid-data", message: error.message },
      });
    } else {
      post({
        type: "result",
        id: message.id,
        ok: false,
        failure: { kind: "trap", message: describe(error) },
      });
    }
  } finally {
    current = undefined;
  }
}

const services = {
  emit(event: GuestEvent) {
    post({ type: "event", callId: current?.id, event });
  },
  currentProgressToken: (): Types.ProgressToken | undefined =>
    (current?.args[0] as Types.RequestContext | undefined)?.progressToken,
  clientCapabilities: () => current?.clientCapabilities ?? NO_CLIENT,
  sample(request: Parameters<typeof samplingRequestToMcp>[0]) {
    requireClient("sampling");
    const params = guestJson(() => samplingRequestToMcp(request));
    const result = askClient({ method: "sampling/createMessage", params } as ClientBoundRequest);
    return clientAnswer(() => samplingResultToWit(result));
  },
  elicit(request: Types.ElicitationRequest) {
    requireClient("elicitation");
    const params = guestJson(() => elicitationRequestToMcp(request));
    const result = askClient({ method: "elicitation/create", params } as ClientBoundRequest);
    return clientAnswer(() => elicitationResultToWit(result as Parameters<typeof elicitationResultToWit>[0]));
  },
};

/** Converts the client's answer; an answer that does not convert is the client's fault, not the guest's. */
function clientAnswer<T>(convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    throw new GuestError("internal-error", `the client's answer is invalid: ${(error as Error).message}`);
  }
}

function requireClient(capability: "sampling" | "elicitation"): void {
  if (!current)
    throw new GuestError("invalid-request", `${capability} is only available while handling a request`);
  if (!current.clientCapabilities[capability]) {
    throw new GuestError("unsupported-operation", `the client did not declare the ${capability} capability`);
  }
}

/** Sends a request to the current request's client through the host thread. */
function askClient(request: ClientBoundRequest): Record<string, unknown> {
  return ask({ type: "client-request", callId: current?.id, request }) as Record<string, unknown>;
}

/** Posts a request to the host thread and blocks until it answers on the replies port. */
function ask(message: Extract<FromWorker, { type: "client-request" | "broker-request" }>): unknown {
  Atomics.store(flag, 0, 0);
  post(message);
  Atomics.wait(flag, 0, 0);
  const reply = receiveMessageOnPort(replies)?.message as ClientReply | undefined;
  if (!reply) throw new GuestError("internal-error", "the host did not answer");
  if (!reply.ok) throw new GuestError(reply.error.code, reply.error.message);
  return reply.result;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

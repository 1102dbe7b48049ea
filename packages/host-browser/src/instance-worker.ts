// Entry of an instance's Web Worker: instantiates one component and calls its handler exports.
import type { HandlersExports, RunExports } from "@wasi-mcp/bindings";
import { guestErrorFrom, HostError } from "@wasi-mcp/conversions";
import {
  ComponentRegistry,
  convertHandlerResult,
  createRuntimeImports,
  GuestError,
  type GuestEvent,
  type KeyedClientRequest,
  type RuntimeServices,
} from "@wasi-mcp/host/portable";
import { waitForReply } from "./reply-channel.js";
import { createBrowserWasi } from "./wasi-browser.js";
import type { CallMessage, FromWorker, InitMessage, ToWorker } from "./worker-protocol.js";

/** Interfaces that carry only types: jco lists them as imports, but nothing needs providing. */
const TYPE_ONLY_IMPORTS = new Set(["wasi:mcp/types", "wasi:mcp/content", "wasi:mcp/capabilities"]);

interface GeneratedModule {
  instantiate(
    getCoreModule: (name: string) => Promise<WebAssembly.Module>,
    imports: Record<string, object>,
  ): Promise<{ handlers: HandlersExports; run: RunExports }>;
}

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

const scope = globalThis as unknown as WorkerScope;
let handlers: HandlersExports | undefined;
let current: CallMessage | undefined;
let replies: SharedArrayBuffer | undefined;

const post = (message: FromWorker) => scope.postMessage(message);

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") void start(message).then(post);
  else post(call(message));
};

const services: RuntimeServices = {
  emit: (event: GuestEvent) => post({ type: "event", callId: current?.id, event }),
  currentProgressToken: () => (current?.args[0] as { progressToken?: never } | undefined)?.progressToken,
  clientCapabilities: () =>
    current?.clientCapabilities ?? { sampling: false, elicitation: false, roots: false },
  askClient: (requests) => askClient(requests),
};

/**
 * Sends requests to the current call's client and blocks this worker until the page answers them
 * all (capabilities are checked by the runtime imports). Blocking needs a SharedArrayBuffer, which
 * a page has only when cross-origin isolated.
 */
function askClient(requests: readonly KeyedClientRequest[]): Record<string, unknown>[] {
  if (!current)
    throw new GuestError("invalid-request", "the client can only be asked while handling a request");
  if (!replies) {
    throw new GuestError(
      "unsupported-operation",
      "asking the client needs a cross-origin isolated page (COOP same-origin + COEP require-corp) in the browser host",
    );
  }
  const callId = current.id;
  const reply = waitForReply(replies, () =>
    post({ type: "client-request", callId, requests: [...requests] }),
  );
  if (!reply.ok) throw new GuestError(reply.error.code as never, reply.error.message, reply.error.data);
  return reply.result as Record<string, unknown>[];
}

async function start(init: InitMessage): Promise<FromWorker> {
  replies = init.replies;
  const registry = new ComponentRegistry();
  const imports: Record<string, object> = {
    ...createBrowserWasi(init.componentName, init.policy, (stream, text) =>
      post({ type: "output", stream, text }),
    ),
    "wasi:mcp/runtime": createRuntimeImports(registry, services),
    "wasi:mcp/client": refusedClient(),
  };
  const denied = init.imports
    .map((name) => name.replace(/@[^@]*$/, ""))
    .filter((name) => !(name in imports) && !TYPE_ONLY_IMPORTS.has(name));
  if (denied.length > 0) {
    const list = [...new Set(denied)].join(", ");
    return {
      type: "failed",
      code: "COMPONENT_LOAD_FAILED",
      message: `it imports ${list}, which the browser host does not provide`,
    };
  }
  const url = URL.createObjectURL(new Blob([init.glue], { type: "text/javascript" }));
  try {
    const generated = (await import(/* @vite-ignore */ url)) as GeneratedModule;
    const instance = await generated.instantiate(async (file) => {
      const module = init.modules[file];
      if (!module) throw new Error(`core module ${file} is missing from the transpiled output`);
      return module;
    }, imports);
    instance.run.run();
    if (!registry.served) {
      return {
        type: "failed",
        code: "COMPONENT_CONTRACT",
        message: "its run export returned without calling runtime.serve",
      };
    }
    handlers = instance.handlers;
    return { type: "ready", registry: registry.snapshot() };
  } catch (error) {
    const guest = guestErrorFrom(error);
    const reason = guest
      ? `its run export failed (${guest.code}: ${guest.message})`
      : `instantiation failed: ${(error as Error).message}`;
    return { type: "failed", code: "COMPONENT_LOAD_FAILED", message: reason };
  } finally {
    URL.revokeObjectURL(url);
  }
}

function call(message: CallMessage): FromWorker {
  if (!handlers) {
    return {
      type: "result",
      id: message.id,
      ok: false,
      failure: { kind: "trap", message: "call before ready" },
    };
  }
  current = message;
  try {
    const fn = handlers[message.handler] as (...args: unknown[]) => unknown;
    const value = convertHandlerResult(message.handler, fn(...message.args));
    return { type: "result", id: message.id, ok: true, value };
  } catch (error) {
    const guest = guestErrorFrom(error);
    if (guest) return { type: "result", id: message.id, ok: false, failure: { kind: "guest", error: guest } };
    if (error instanceof HostError) {
      return {
        type: "result",
        id: message.id,
        ok: false,
        failure: { kind: "invalid-data", message: error.message },
      };
    }
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { type: "result", id: message.id, ok: false, failure: { kind: "trap", message: detail } };
  } finally {
    current = undefined;
  }
}

/**
 * `wasi:mcp/client` (world `mcp-proxy`): connecting to other MCP servers is not offered in the page
 * yet; every function of the interface answers `unauthorized`.
 */
function refusedClient(): object {
  const refuse = () => {
    throw { code: "unauthorized", message: "the browser host does not connect components to other servers" };
  };
  return new Proxy({}, { get: () => refuse, has: () => true });
}

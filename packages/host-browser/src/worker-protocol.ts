// Messages between the page and an instance's Web Worker.
import type { Capabilities } from "@wasi-mcp/bindings";
import type {
  CallFailure,
  GuestEvent,
  HandlerName,
  KeyedClientRequest,
  RegistrySnapshot,
} from "@wasi-mcp/host/portable";
import type { ResolvedBrowserPolicy } from "./policy.js";

/** First message to a worker: everything it needs to instantiate the component. */
export interface InitMessage {
  type: "init";
  componentName: string;
  /** The generated ES module (jco's glue) as source text; the worker imports it from a blob URL. */
  glue: string;
  /** The component's imports, as jco reports them (e.g. `wasi:mcp/runtime@0.1.0`). */
  imports: string[];
  /** Compiled core modules by file name (a `WebAssembly.Module` can be posted to a worker). */
  modules: Record<string, WebAssembly.Module>;
  policy: ResolvedBrowserPolicy;
  /**
   * Where the page answers a blocking request (sampling, elicitation) while the worker waits in
   * `Atomics.wait`; absent when the page is not cross-origin isolated (such requests are refused).
   */
  replies?: SharedArrayBuffer | undefined;
}

/** A handler call. Arguments are WIT values; the worker converts the result to MCP. */
export interface CallMessage {
  type: "call";
  id: number;
  handler: HandlerName;
  args: unknown[];
  clientCapabilities: Capabilities.ClientCapabilities;
}

/** Messages from page to worker. */
export type ToWorker = InitMessage | CallMessage;

/** Messages from worker to page. */
export type FromWorker =
  | { type: "ready"; registry: RegistrySnapshot }
  | { type: "failed"; code: "COMPONENT_LOAD_FAILED" | "COMPONENT_CONTRACT"; message: string }
  | { type: "result"; id: number; ok: true; value: unknown }
  | { type: "result"; id: number; ok: false; failure: CallFailure }
  | { type: "event"; callId: number | undefined; event: GuestEvent }
  | { type: "output"; stream: "stdout" | "stderr"; text: string }
  | { type: "client-request"; callId: number | undefined; requests: KeyedClientRequest[] };

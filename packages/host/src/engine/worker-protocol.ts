import type { Capabilities, Types } from "@wasi-mcp/bindings";
import type { KeyedClientRequest } from "../guest-runtime/client-questions.js";
import type { GuestEvent, HandlerName, RegistrySnapshot } from "../guest-runtime/guest-events.js";
import type { ClientOperation } from "../guest-runtime/mcp-client-broker.js";

/**
 * First message to an instance side: everything it needs to instantiate the component. A
 * platform's channel may add what its own side needs to answer blocking imports (a reply port, a
 * shared buffer) when it posts it.
 */
export interface InitMessage<P = unknown> {
  type: "init";
  componentName: string;
  /** URL of jco's generated glue (a `file:` URL in Node, a `blob:` URL in a page). */
  entryUrl: string;
  imports: string[];
  /** Compiled core modules by file name (a `WebAssembly.Module` can be posted to a worker). */
  modules: Record<string, unknown>;
  policy: P;
}

/**
 * The handler argument that crosses to the instance side as a JSON value and becomes there the JSON
 * text its WIT signature takes (`call-tool`'s arguments), by position in {@link CallMessage.args}.
 * Serializing it is then the instance's thread's work, not the host thread's, which every session
 * shares: one pass over a big argument less on the host thread (docs/benchmarks.md, issue 25).
 */
export const JSON_TEXT_ARGUMENT: Partial<Record<HandlerName, number>> = { callTool: 2 };

/** A handler call. Arguments are WIT values but {@link JSON_TEXT_ARGUMENT} (the worker converts results to MCP). */
export interface CallMessage {
  type: "call";
  id: number;
  handler: HandlerName;
  args: unknown[];
  clientCapabilities: Capabilities.ClientCapabilities;
}

/**
 * Sent to a booted worker that waits for its instance: import this glue and the WASI shim modules
 * these imports need now, so that `init` only instantiates.
 */
export interface PrepareMessage {
  type: "prepare";
  entryUrl: string;
  /** The component's imports, as in {@link InitMessage}. */
  imports: string[];
}

/** Messages from host to worker. */
export type ToWorker<P = unknown> = PrepareMessage | InitMessage<P> | CallMessage;

/** Why a call failed inside the worker. */
export type CallFailure =
  | { kind: "guest"; error: Types.Error }
  | { kind: "invalid-data"; message: string }
  | { kind: "trap"; message: string };

/**
 * The timing of one host import the guest made inside its instance side (an outgoing HTTP
 * request), for the host to record as a span under the call's: the instance side has no tracer.
 */
export interface ImportTiming {
  /** Span name, e.g. `GET` (HTTP client spans are named after the method). */
  name: string;
  /** Epoch milliseconds (fractional). */
  startMs: number;
  endMs: number;
  attributes: Record<string, string | number>;
  /** `error.type` when it failed (a `wasi:http` error code). */
  error?: string;
}

/** Messages from worker to host. */
export type FromWorker =
  /** `memoryBytes`: the instance's linear memory once its `run` export returned. */
  | { type: "ready"; registry: RegistrySnapshot; memoryBytes?: number }
  | { type: "failed"; code: "COMPONENT_LOAD_FAILED" | "COMPONENT_CONTRACT"; message: string }
  /** `memoryBytes`: the instance's linear memory after the call (set as the call returns). */
  | { type: "result"; id: number; ok: true; value: unknown; memoryBytes?: number }
  | { type: "result"; id: number; ok: false; failure: CallFailure; memoryBytes?: number }
  | { type: "event"; callId: number | undefined; event: GuestEvent }
  /** Guest stdout/stderr text, where the platform does not capture the worker's own streams. */
  | { type: "output"; stream: "stdout" | "stderr"; text: string }
  | { type: "client-request"; callId: number | undefined; requests: KeyedClientRequest[] }
  | { type: "broker-request"; operation: ClientOperation; args: unknown[] }
  | { type: "import"; callId: number | undefined; timing: ImportTiming };

/** The host's answer to a blocking import. */
export type ClientReply = { ok: true; result: unknown } | { ok: false; error: Types.Error };

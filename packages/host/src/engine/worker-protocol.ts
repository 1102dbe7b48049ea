import type { MessagePort } from "node:worker_threads";
import type { Capabilities, Types } from "@wasi-mcp/bindings";
import type { GuestEvent, HandlerName, RegistrySnapshot } from "../guest-runtime/guest-events.js";
import type { KeyedClientRequest } from "../guest-runtime/client-questions.js";
import type { ClientOperation } from "../guest-runtime/mcp-client-broker.js";
import type { ResolvedPolicy } from "../policy.js";

/** First message to a worker. */
export interface InitMessage {
  type: "init";
  componentName: string;
  entryUrl: string;
  imports: string[];
  modules: Record<string, unknown>;
  policy: ResolvedPolicy;
  /** Int32 flag the worker waits on while the host answers a blocking import. */
  signal: SharedArrayBuffer;
  /** Port the host answers blocking imports on (read with receiveMessageOnPort). */
  replies: MessagePort;
  /** The host's filesystem lock, shared by every instance (see filesystem-lock.ts). */
  filesystemLock: SharedArrayBuffer;
}

/** A handler call. Arguments are WIT values (the worker converts results to MCP). */
export interface CallMessage {
  type: "call";
  id: number;
  handler: HandlerName;
  args: unknown[];
  clientCapabilities: Capabilities.ClientCapabilities;
  /**
   * The host thread checks the capabilities of this call's client requests (a 2026-07-28
   * request, see `hostChecksCapabilities`): the instance forwards even a request for an
   * undeclared capability instead of refusing it itself.
   */
  hostChecksCapabilities?: boolean;
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
export type ToWorker = PrepareMessage | InitMessage | CallMessage;

/** Why a call failed inside the worker. */
export type CallFailure =
  | { kind: "guest"; error: Types.Error }
  | { kind: "invalid-data"; message: string }
  | { kind: "trap"; message: string };

/** Messages from worker to host. */
export type FromWorker =
  /** `memoryBytes`: the instance's linear memory once its `run` export returned. */
  | { type: "ready"; registry: RegistrySnapshot; memoryBytes?: number }
  | { type: "failed"; code: "COMPONENT_LOAD_FAILED" | "COMPONENT_CONTRACT"; message: string }
  /** `memoryBytes`: the instance's linear memory after the call (set as the call returns). */
  | { type: "result"; id: number; ok: true; value: unknown; memoryBytes?: number }
  | { type: "result"; id: number; ok: false; failure: CallFailure; memoryBytes?: number }
  | { type: "event"; callId: number | undefined; event: GuestEvent }
  | { type: "client-request"; callId: number | undefined; requests: KeyedClientRequest[] }
  | { type: "broker-request"; operation: ClientOperation; args: unknown[] };

/** The host's answer to a blocking import, posted on the replies port. */
export type ClientReply = { ok: true; result: unknown } | { ok: false; error: Types.Error };

export type { CacheHints, GuestEvent, HandlerName, McpCacheHint, RegistrySnapshot } from "../guest-runtime/guest-events.js";

import type { MessagePort } from "node:worker_threads";
import type {
  Prompt,
  Resource,
  ResourceTemplate,
  ServerNotification,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { Capabilities, Types } from "@wasi-mcp/bindings";
import type { McpServerIdentity } from "@wasi-mcp/conversions";
import type { KeyedClientRequest } from "../guest-runtime/client-questions.js";
import type { ClientOperation } from "../guest-runtime/mcp-client-broker.js";
import type { ResolvedPolicy } from "../policy.js";

/** What a component registered, in MCP form, as the worker reports it. */
export interface RegistrySnapshot {
  identity: McpServerIdentity;
  tools: Tool[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  prompts: Prompt[];
  /** The cache hints the component set (`set-cache-hint`, WIT 0.2.0); absent: none. */
  cacheHints?: CacheHints;
}

/** A cache hint in MCP form (2026-07-28 `ttlMs`/`cacheScope`). */
export interface McpCacheHint {
  ttlMs: number;
  cacheScope: "public" | "private";
}

/** The cache hints of one component: per list method, and per resource URI for reads. */
export interface CacheHints {
  lists: Partial<
    Record<"tools/list" | "prompts/list" | "resources/list" | "resources/templates/list", McpCacheHint>
  >;
  reads: Record<string, McpCacheHint>;
}

/** The handler exports the host calls. */
export type HandlerName =
  | "callTool"
  | "readResource"
  | "getPrompt"
  | "handleSubscribe"
  | "handleUnsubscribe"
  | "handleComplete"
  | "handleElicit";

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

/** Something the component did that the host must forward. */
export type GuestEvent =
  | { type: "log"; level: string; message: string; data: unknown }
  | { type: "notification"; notification: ServerNotification }
  | { type: "list-changed"; list: "tools" | "resources" | "prompts"; registry: RegistrySnapshot }
  /** The registrations changed in a way clients are not notified of (cache hints). */
  | { type: "registry"; registry: RegistrySnapshot }
  | { type: "resource-updated"; uri: string }
  | { type: "progress"; progressToken: string | number; progress: number; total?: number; message?: string };

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

import type {
  CallToolResult,
  ClientCapabilities,
  CompleteResult,
  GetPromptResult,
  Implementation,
  LoggingLevel,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  ServerCapabilities,
  ServerNotification,
  ServerRequest,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";

import type { CacheHint, CacheTarget } from "./cache-hints.js";
import type { SkillBundle } from "./skills.js";

/** What a backend announces in the `initialize` result. */
export interface BackendIdentity {
  /** `serverInfo` of the initialize result. */
  serverInfo: Implementation;
  /** The capabilities to advertise; the router registers handlers for exactly these. */
  capabilities: ServerCapabilities;
  /** `instructions` of the initialize result. */
  instructions?: string;
}

/** A server→client request a backend may send while handling a request (sampling, elicitation, roots). */
export type ClientBoundRequest = Extract<
  ServerRequest,
  { method: "sampling/createMessage" | "elicitation/create" | "roots/list" }
>;

/** The request a backend call belongs to, and what the backend may do on its behalf. */
export interface BackendRequest {
  /** JSON-RPC id of the request. */
  requestId: string | number;
  /** Transport session id, when the transport has sessions. */
  sessionId?: string | undefined;
  /** `params._meta` of the request. */
  meta?: Record<string, unknown> | undefined;
  /**
   * Aborted when the client cancels the request or the connection closes: stop the work by any
   * means. Aborted with a `ReplayRequested` reason (see `isReplayRequested`) when the request is
   * answered without this call's result, which will be asked for again (MRTR): let the work end
   * without losing state, and discard what it still produces.
   */
  signal: AbortSignal;
  /** Capabilities the client declared at initialize (undefined before initialize). */
  clientCapabilities?: ClientCapabilities | undefined;
  /**
   * Sends a notification to this request's client, related to this request (progress, logging).
   * Absent where the transport cannot route it (the plain backend tests may omit it).
   */
  notify?: (notification: ServerNotification) => Promise<void>;
  /**
   * Sends a server→client request to this request's client and resolves with its raw result.
   * Rejects when the client lacks the capability (`-32601`, data `unsupported-operation`; the
   * router checks it for every request), does not answer before `timeoutMs`, or the request is
   * cancelled. `inputKey` names the request where the client answers it by key (default: its
   * position, `"0"`, `"1"`, …).
   *
   * It may also reject with the reason the request's {@link BackendRequest.signal} was just
   * aborted with, a `ReplayRequested`: the client will answer on its retry of the whole request
   * (MRTR, ADR 0005 §3), so the call's result is not wanted; let it propagate. Side effects
   * before the request happen again on the retry.
   */
  requestClient?: (
    request: ClientBoundRequest,
    options?: { timeoutMs?: number; inputKey?: string },
  ) => Promise<Record<string, unknown>>;
  /**
   * The same request for a caller that cannot wait (a component running in the host's own
   * thread): answers at once where the answer is already known (a retry carrying it), throws like
   * {@link BackendRequest.requestClient} otherwise — with a `ReplayRequested` reason where the
   * request asks its client on the retry, or `-32601` (data `unsupported-operation`) where the
   * client would have to be waited for.
   */
  requestClientNow?: (
    request: ClientBoundRequest,
    options?: { inputKey?: string },
  ) => Record<string, unknown>;
}

/** What a completion request refers to. */
export type CompletionReference =
  | { type: "ref/prompt"; name: string }
  | { type: "ref/resource"; uri: string };

/**
 * Something a backend tells every connected session about (or the subscribed ones). Sessions
 * that have not initialized get nothing; list-changed events reach only sessions whose
 * advertised capability has `listChanged: true`.
 */
export type BackendEvent =
  | { type: "tools-list-changed" }
  | { type: "resources-list-changed" }
  | { type: "prompts-list-changed" }
  /** Delivered only to sessions subscribed to `uri`. */
  | { type: "resource-updated"; uri: string }
  /** A log record; each session filters it by its own `logging/setLevel`. */
  | { type: "log"; level: LoggingLevel; logger?: string; data: unknown }
  /** Any other notification, to every session. */
  | { type: "notification"; notification: ServerNotification };

/**
 * The small interface the router routes MCP onto. The router owns the protocol (validation,
 * lookup, pagination, errors); a backend only lists definitions and answers calls for names and
 * URIs that exist. Throw an `McpError` to choose the JSON-RPC error; any other error becomes an
 * internal error without its message or stack reaching the client.
 *
 * Optional members are optional capabilities: a backend without `complete` does not advertise
 * completions, one without `subscribe` does not advertise resource subscriptions.
 *
 * @example
 * ```ts
 * const backend: McpBackend = createPlainBackend({ name: "demo", version: "1.0.0", tools: [...] });
 * ```
 */
export interface McpBackend {
  /** Server identity and capabilities; read once per connection at `initialize`. */
  identity(): BackendIdentity;
  /** Tools in a stable order. */
  listTools(): readonly Tool[];
  /** Calls an existing tool with arguments already validated against its input schema. */
  callTool(name: string, args: Record<string, unknown>, request: BackendRequest): Promise<CallToolResult>;
  /** Concrete resources in a stable order. */
  listResources(): readonly Resource[];
  /** Resource templates in a stable order. */
  listResourceTemplates(): readonly ResourceTemplate[];
  /** Reads a listed resource or a URI matching a listed template. */
  readResource(uri: string, request: BackendRequest): Promise<ReadResourceResult>;
  /** Prompts in a stable order. */
  listPrompts(): readonly Prompt[];
  /** Gets an existing prompt; required arguments are present. */
  getPrompt(name: string, args: Record<string, string>, request: BackendRequest): Promise<GetPromptResult>;
  /** `completion/complete` for an existing prompt or template; at most 100 values. */
  complete?(
    reference: CompletionReference,
    argument: { name: string; value: string },
    context: Record<string, string>,
    request: BackendRequest,
  ): Promise<CompleteResult["completion"]>;
  /** First session subscribing to `uri` (the router reference-counts sessions). */
  subscribe?(uri: string, request: BackendRequest): Promise<void>;
  /**
   * Last session unsubscribing from `uri`, or the last subscribed session closing. On close there
   * is no request: `request.requestId` is then `"session-closed"` and it has no `notify` or
   * `requestClient`.
   */
  unsubscribe?(uri: string, request: BackendRequest): Promise<void>;
  /** Listens to backend events; returns a function that stops listening. */
  onEvent?(listener: (event: BackendEvent) => void): () => void;
  /**
   * The cache hint for a list or a resource's reads, for 2026-07-28 clients (`ttlMs`,
   * `cacheScope`); `undefined` leaves the server's default.
   */
  cacheHint?(target: CacheTarget): CacheHint | undefined;
  /**
   * The skills the backend serves (the `io.modelcontextprotocol/skills` extension, SEP-2640), in
   * a stable order. Return the same array until they change, and emit `resources-list-changed`
   * when they do: the router rebuilds its catalog when the array is a new one. Without it (or
   * with none listed) the extension is not declared.
   */
  listSkills?(): readonly SkillBundle[];
}

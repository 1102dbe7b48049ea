import {
  type LoggingLevel,
  McpError,
  type ServerCapabilities,
  type ServerNotification,
} from "@modelcontextprotocol/sdk/types.js";
import type { LegacyTasks } from "../legacy/legacy-tasks.js";
import type { ConnectionListener } from "../legacy/router-server.js";
import { asError } from "./as-error.js";
import type { BackendEvent, BackendRequest, McpBackend } from "./backend.js";
import { requestClient, requestClientNow } from "./client-requests.js";
import type { InternalErrorReporter } from "./errors.js";
import type { BackendEventSource } from "./event-hub.js";
import { type InvocationLog, metaWithPrincipal } from "./invocations.js";
import { passesLogLevel } from "./log-levels.js";
import type { RateLimiter } from "./rate-limits.js";
import type { Extra, SessionServer } from "./route-table.js";
import type { SchemaValidator } from "./schema-validator.js";
import type { SkillsProvider } from "./skills.js";
import { type Subscriber, type SubscriptionRegistry, subscriptionRegistry } from "./subscriptions.js";
import type { ToolAccess } from "./tool-access.js";

/** The JSON-RPC server error a request to the client past `maxPendingClientRequests` fails with. */
const PENDING_CLIENT_REQUESTS_ERROR = -32000;

/** What every handler of one server needs. */
export interface RouterContext {
  backend: McpBackend;
  /** Where the session hears the backend's events: the backend itself, or an endpoint's fan-out. */
  events: BackendEventSource;
  report: InternalErrorReporter;
  validator: SchemaValidator;
  pageSize: number;
  clientRequestTimeoutMs: number;
  maxPendingClientRequests: number;
  invalidArguments: "error" | "result";
  maxSubscriptionsPerSession: number;
  /** Which tools a caller may see and call; absent: every tool to everyone. */
  toolAccess?: ToolAccess | undefined;
  /** Receives a record of every `tools/call`. */
  invocationLog?: InvocationLog | undefined;
  /** Whether a tool's arguments may appear in its invocation record. */
  logsArguments: (tool: string) => boolean;
  /** Token buckets on `tools/call`. */
  rateLimiter?: RateLimiter | undefined;
  /** The backend's skills (SEP-2640), when it serves any. */
  skills?: SkillsProvider | undefined;
  /** 2025-11-25 experimental tasks of the endpoint, if on. */
  legacyTasks?: LegacyTasks | undefined;
}

/**
 * The router's state for one client session (one `Server`): its resource subscriptions, its
 * `logging/setLevel`, and its listener on the backend's events, which lives exactly as long as
 * the connection.
 */
export class RouterSession implements ConnectionListener, Subscriber {
  readonly subscriptions = new Set<string>();
  /** `resources/subscribe` requests of this session still in progress. */
  subscribing = 0;
  readonly registry: SubscriptionRegistry;
  #server: SessionServer | undefined;
  #level: LoggingLevel | undefined;
  #stopEvents: (() => void) | undefined;
  #open = false;
  /** Requests to the client (sampling, elicitation, roots) waiting for an answer. */
  #pendingClientRequests = 0;

  constructor(
    readonly context: RouterContext,
    readonly capabilities: ServerCapabilities,
  ) {
    this.registry = subscriptionRegistry(context.backend);
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** Binds the session to its server; called once, right after the server is built. */
  bind(server: SessionServer): void {
    this.#server = server;
  }

  /** Applies `logging/setLevel`. */
  setLogLevel(level: LoggingLevel): void {
    this.#level = level;
  }

  /** Whether a log record of `level` passes this session's `logging/setLevel`. */
  logAllowed(level: LoggingLevel): boolean {
    return passesLogLevel(level, this.#level);
  }

  opened(): void {
    if (this.#open) return;
    this.#open = true;
    this.#stopEvents = this.context.events((event) => this.#deliver(event));
  }

  closed(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#stopEvents?.();
    this.#stopEvents = undefined;
    if (this.subscriptions.size === 0) return;
    const request: BackendRequest = {
      requestId: "session-closed",
      sessionId: this.#server?.transport?.sessionId,
      signal: new AbortController().signal,
    };
    this.registry.releaseAll(this, request, (error, uri) =>
      this.context.report(error, `unsubscribing ${uri} on session close`),
    );
  }

  /** The backend's view of the request being handled. */
  backendRequest(extra: Extra, meta: Record<string, unknown> | undefined): BackendRequest {
    const server = this.#server as SessionServer;
    const capabilities = extra.clientCapabilities ?? server.getClientCapabilities();
    const options = { timeoutMs: this.context.clientRequestTimeoutMs, validator: this.context.validator };
    return {
      requestId: extra.requestId,
      sessionId: extra.sessionId,
      meta: metaWithPrincipal(meta, extra.authInfo),
      signal: extra.signal,
      clientCapabilities: capabilities,
      notify: (notification) => this.#notifyRelated(extra, notification),
      requestClient: (request, overrides) =>
        this.#bounded(() =>
          requestClient(extra, capabilities, request, {
            ...options,
            timeoutMs: overrides?.timeoutMs ?? options.timeoutMs,
            inputKey: overrides?.inputKey,
          }),
        ),
      requestClientNow: (request, overrides) =>
        requestClientNow(extra, capabilities, request, { ...options, inputKey: overrides?.inputKey }),
    };
  }

  /** Runs one request to the client within `maxPendingClientRequests`. */
  async #bounded<T>(send: () => Promise<T>): Promise<T> {
    const max = this.context.maxPendingClientRequests;
    if (this.#pendingClientRequests >= max) {
      throw new McpError(
        PENDING_CLIENT_REQUESTS_ERROR,
        `Too many requests to the client: ${max} are already waiting for an answer in this session (maxPendingClientRequests)`,
      );
    }
    this.#pendingClientRequests++;
    try {
      return await send();
    } finally {
      this.#pendingClientRequests--;
    }
  }

  #notifyRelated(extra: Extra, notification: ServerNotification): Promise<void> {
    if (notification.method === "notifications/message" && !this.logAllowed(notification.params.level)) {
      return Promise.resolve();
    }
    return extra.sendNotification(notification);
  }

  #deliver(event: BackendEvent): void {
    const server = this.#server;
    // Nothing reaches a session before it has initialized, nor after it closed.
    if (!this.#open || !server || server.getClientCapabilities() === undefined) return;
    const notification = this.#notificationFor(event);
    if (!notification) return;
    server.notification(notification).catch((error: unknown) => server.onerror?.(asError(error)));
  }

  #notificationFor(event: BackendEvent): ServerNotification | undefined {
    const caps = this.capabilities;
    switch (event.type) {
      case "tools-list-changed":
        return caps.tools?.listChanged ? { method: "notifications/tools/list_changed" } : undefined;
      case "resources-list-changed":
        return caps.resources?.listChanged ? { method: "notifications/resources/list_changed" } : undefined;
      case "prompts-list-changed":
        return caps.prompts?.listChanged ? { method: "notifications/prompts/list_changed" } : undefined;
      case "resource-updated":
        return this.subscriptions.has(event.uri)
          ? { method: "notifications/resources/updated", params: { uri: event.uri } }
          : undefined;
      case "log": {
        if (!caps.logging || !this.logAllowed(event.level)) return undefined;
        const params = { level: event.level, data: event.data };
        return {
          method: "notifications/message",
          params: event.logger ? { ...params, logger: event.logger } : params,
        };
      }
      case "notification": {
        const n = event.notification;
        if (n.method === "notifications/message" && !this.logAllowed(n.params.level)) return undefined;
        return n;
      }
    }
  }
}

import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import type { Server as ModernServer, ServerEventBus } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { asError } from "../shared/as-error.js";
import type { ListenSlots } from "../shared/listen-slots.js";
import { printable, printableData } from "../shared/printable.js";
import { changeNotificationOf } from "./backend-events.js";

/** Options of {@link serveChannel}. */
export interface ServeChannelOptions {
  /** Makes the 2025-era server of a connection that opens the 2025 way (`createMcpServer`). */
  createServer: () => Server | Promise<Server>;
  /** Makes the 2026-07-28 server of a connection that opens the 2026 way (`createModernMcpServer`). */
  createModernServer: () => ModernServer | Promise<ModernServer>;
  /**
   * Change events for the connection's 2026 `subscriptions/listen` subscriptions (see
   * `publishBackendEvents`). A 2025 connection gets its `list_changed` notifications from the
   * router's session instead. Default: none.
   */
  eventBus?: ServerEventBus;
  /**
   * Most open 2026 `subscriptions/listen` subscriptions on the connection (the connection is one
   * client); one more is answered `-32603` "Subscription limit reached". Default
   * {@link DEFAULT_MAX_LISTEN_STREAMS_PER_CONNECTION}.
   */
  maxListenStreams?: number;
  /**
   * The endpoint's count of open listen subscriptions, shared by all its connections (a WebSocket
   * server's `maxListenStreams`); a listen request finding none free is answered `-32603`.
   * Default: none (only the connection's own bound).
   */
  listenSlots?: ListenSlots;
  /** Receives failures that are not the client's to see. Default: ignored. */
  onError?: (error: Error) => void;
}

/**
 * Default `maxListenStreams` of a connection: 64. Every change event is copied to each matching
 * subscription, so this bounds one client's fan-out; the SDK's own default (1024) is an endpoint's.
 */
export const DEFAULT_MAX_LISTEN_STREAMS_PER_CONNECTION = 64;

/** A long-lived connection being served. */
export interface ServedChannel {
  /** Settles once the transport has closed (the client went away, or `close()`). */
  readonly closed: Promise<void>;
  /** Closes the connection's server and the transport. */
  close(): Promise<void>;
}

/** What the SDK's stdio entry accepts as a transport and as a factory product. */
type EntryOptions = NonNullable<Parameters<typeof serveStdio>[1]>;
type EntryTransport = NonNullable<EntryOptions["transport"]>;
type EntryProduct = Awaited<ReturnType<Parameters<typeof serveStdio>[0]>>;

/**
 * Serves one long-lived connection (stdio, a WebSocket) in the era its opening message picks,
 * by the SDK's own rules (`serveStdio` of `@modelcontextprotocol/server/stdio` with our
 * transport): an `initialize` or a claim-less message pins a 2025-era server from
 * `createServer` — the router's 2025 face with its message guard, exactly as when connected
 * directly; a request carrying the 2026 envelope pins a server from `createModernServer`, and the
 * SDK routes `server/discover` probes and `subscriptions/listen` for it. The transport's framing,
 * size limits and connection context (session id, `authInfo`, request headers) stay the
 * transport's.
 *
 * @example
 * ```ts
 * import { StdioServerTransport } from "@wasi-mcp/transport-stdio";
 * const served = serveChannel(new StdioServerTransport(), {
 *   createServer: () => createMcpServer(backend),
 *   createModernServer: () => createModernMcpServer(backend),
 * });
 * await served.closed;
 * ```
 */
export function serveChannel(transport: Transport, options: ServeChannelOptions): ServedChannel {
  const wire = new ObservedTransport(transport, options.listenSlots, options.onError);
  const handle = serveStdio(
    async ({ era }) =>
      era === "modern"
        ? modernProduct(await options.createModernServer(), wire, options)
        : legacyProduct(await options.createServer(), wire),
    {
      // One transport contract in two SDK majors: the same members, typed by each.
      transport: wire as unknown as EntryTransport,
      maxSubscriptions: options.maxListenStreams ?? DEFAULT_MAX_LISTEN_STREAMS_PER_CONNECTION,
      ...(options.onError ? { onerror: options.onError } : {}),
    },
  );
  return { closed: wire.closed, close: () => handle.close() };
}

/**
 * The 2026 server of a connection, as the SDK entry needs it (its own instance: the entry binds it
 * to the era). Two things are added: it is connected to the entry's channel with the connection's
 * `authInfo` put back (handlers see `ctx.http.authInfo`, as over HTTP), and it sends the change
 * notifications of `options.eventBus` while connected, which the entry turns into
 * `subscriptions/listen` deliveries (or drops when nothing listens).
 */
function modernProduct(
  server: ModernServer,
  wire: ObservedTransport,
  options: ServeChannelOptions,
): ModernServer {
  const connect = server.connect.bind(server);
  type ModernTransport = Parameters<typeof connect>[0];
  server.connect = (channel: ModernTransport) =>
    connect(
      new ContextChannel(channel as unknown as Transport, wire, "modern") as unknown as ModernTransport,
    );
  const stop = options.eventBus?.subscribe((event) => {
    if (server.transport === undefined) return;
    server.notification(changeNotificationOf(event)).catch((error: unknown) => {
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    });
  });
  if (stop) void wire.closed.then(stop);
  return server;
}

/**
 * The 2025-era product handed to the SDK entry: it only ever calls `connect(channel)` and
 * `close()` on it. The router's v1 server is connected to the entry's channel with the
 * connection's own context put back (the entry forwards bare messages).
 */
function legacyProduct(server: Server, wire: ObservedTransport): EntryProduct {
  const product = {
    connect: (channel: Transport) => server.connect(new ContextChannel(channel, wire)),
    close: () => server.close(),
  };
  return product as unknown as EntryProduct;
}

/**
 * A pass-through transport that settles `closed` when the wrapped one closes and remembers the
 * connection's message context (constant per connection: WebSocket upgrade headers, `authInfo`).
 */
class ObservedTransport implements Transport {
  readonly #inner: Transport;
  readonly closed: Promise<void>;
  extra: MessageExtraInfo | undefined;
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: (<T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void) | undefined;

  readonly #slots: ListenSlots | undefined;
  readonly #report: ((error: Error) => void) | undefined;
  /** The slots this connection's listen requests hold, by request id. */
  readonly #held = new Map<unknown, () => void>();

  constructor(inner: Transport, slots?: ListenSlots, report?: (error: Error) => void) {
    this.#inner = inner;
    this.#slots = slots;
    this.#report = report;
    this.closed = new Promise<void>((resolve) => {
      inner.onclose = () => {
        for (const release of this.#held.values()) release();
        this.#held.clear();
        this.onclose?.();
        resolve();
      };
    });
    inner.onerror = (error) => this.onerror?.(error);
    inner.onmessage = (message, extra) => {
      if (extra !== undefined) this.extra = extra;
      if (this.#slots && !this.#admit(message)) return;
      this.onmessage?.(message, extra);
    };
  }

  /**
   * Takes an endpoint slot for a listen request (false, after answering `-32603`, when none is
   * free) and gives one back when the client cancels its subscription.
   */
  #admit(message: JSONRPCMessage): boolean {
    const { method, params } = message as { method?: unknown; params?: { requestId?: unknown } };
    if (method === "notifications/cancelled" && !("id" in message)) {
      this.#giveBack(params?.requestId);
      return true;
    }
    if (method !== "subscriptions/listen" || !("id" in message) || this.#held.has(message.id)) return true;
    const release = this.#slots?.take();
    if (release) {
      this.#held.set(message.id, release);
      return true;
    }
    const limit = this.#slots?.limit;
    const refusal = {
      jsonrpc: "2.0" as const,
      id: message.id,
      error: {
        code: -32603,
        message: `Subscription limit reached: the endpoint has ${limit} open subscriptions/listen subscriptions (maxListenStreams)`,
      },
    };
    this.#inner.send(refusal).catch((error: unknown) => this.#report?.(asError(error)));
    return false;
  }

  #giveBack(id: unknown): void {
    this.#held.get(id)?.();
    this.#held.delete(id);
  }

  get sessionId(): string | undefined {
    return this.#inner.sessionId;
  }

  start(): Promise<void> {
    return this.#inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    // An answer under a listen request's id ends its subscription (refused, or closed).
    if (("result" in message || "error" in message) && "id" in message) this.#giveBack(message.id);
    return this.#inner.send(withBoundedError(message), options);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  setProtocolVersion(version: string): void {
    this.#inner.setProtocolVersion?.(version);
  }
}

/** Longest error message sent as it is; the router's own are far shorter. */
const MAX_ERROR_MESSAGE = 1000;

/**
 * An error answer whose text is bounded: the SDK entry answers a connection's opening message in
 * its own words, which may quote the request whole (an unsupported protocol version of 1 MB). A
 * longer message, or `data`, goes through `printable`; everything else is sent as it is.
 */
function withBoundedError(message: JSONRPCMessage): JSONRPCMessage {
  if (!("error" in message)) return message;
  const { error } = message;
  const long = typeof error.message === "string" && error.message.length > MAX_ERROR_MESSAGE;
  if (!long && error.data === undefined) return message;
  return {
    ...message,
    error: {
      ...error,
      message: long ? printable(error.message, MAX_ERROR_MESSAGE) : error.message,
      ...(error.data === undefined ? {} : { data: printableData(error.data) }),
    },
  };
}

/**
 * The entry's per-instance channel with the connection's context put back: for a 2025 server its
 * session id and message context (upgrade headers, `authInfo`); for a 2026 server, which has no
 * session, its `authInfo` beside the entry's era classification.
 */
class ContextChannel implements Transport {
  readonly #channel: Transport;
  readonly #wire: ObservedTransport;
  readonly #era: "legacy" | "modern";
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: (<T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void) | undefined;

  constructor(channel: Transport, wire: ObservedTransport, era: "legacy" | "modern" = "legacy") {
    this.#channel = channel;
    this.#wire = wire;
    this.#era = era;
    channel.onclose = () => this.onclose?.();
    channel.onerror = (error) => this.onerror?.(error);
    channel.onmessage = (message, extra) => this.onmessage?.(message, this.#extra(extra));
  }

  get sessionId(): string | undefined {
    return this.#era === "legacy" ? this.#wire.sessionId : undefined;
  }

  #extra(extra: MessageExtraInfo | undefined): MessageExtraInfo | undefined {
    const connection = this.#wire.extra;
    if (this.#era === "legacy") return extra ?? connection;
    return connection?.authInfo === undefined ? extra : { ...extra, authInfo: connection.authInfo };
  }

  start(): Promise<void> {
    return this.#channel.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.#channel.send(message, options);
  }

  close(): Promise<void> {
    return this.#channel.close();
  }

  setProtocolVersion(version: string): void {
    this.#channel.setProtocolVersion?.(version);
  }
}

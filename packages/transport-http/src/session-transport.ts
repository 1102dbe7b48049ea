import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo, RequestId } from "@modelcontextprotocol/sdk/types.js";
import { afterNextRequest } from "./delivery-receipts.js";
import { asError, ERROR_PREFIX } from "./errors.js";
import { type EventStore, isDeliveryAware, type StreamId, storeSerialized } from "./event-store.js";
import { isRequest, isResponse } from "./messages.js";
import type { SlowReaderLimits } from "./slow-reader.js";
import { KEEP_ALIVE_COMMENT, primingEvent, SseStream, sseEvent } from "./sse.js";

/** How a POST that carries requests is answered. */
export type ResponseMode = "sse" | "json";

/** Options of {@link HttpServerTransport}; the handler fills them from its own options. */
export interface HttpServerTransportOptions {
  /** The session id, or undefined in stateless mode. */
  sessionId: string | undefined;
  responseMode: ResponseMode;
  /** Where events are kept for `Last-Event-ID` resumption; undefined turns resumption off. */
  eventStore: EventStore | undefined;
  /** `retry:` sent with each priming event, in ms. */
  retryMs: number | undefined;
  /** How far behind an SSE stream's client may fall before the stream is dropped. */
  slowReader: SlowReaderLimits;
}

/** What the handler knows about one HTTP request when it hands it to the transport. */
export interface PostContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Extra response headers (session id, CORS). */
  headers: Record<string, string>;
  authInfo: AuthInfo | undefined;
  /** The protocol version of the session (for the priming-event decision). */
  protocolVersion: string;
}

/** The requests of one POST and where their messages go. */
interface PostStream {
  id: StreamId;
  /** SSE mode: the live response, replaced by a resumed GET, undefined while disconnected. */
  sse: SseStream | undefined;
  /** JSON mode: the response waiting for every answer. */
  json: ServerResponse | undefined;
  headers: Record<string, string>;
  pending: Set<RequestId>;
  responses: JSONRPCMessage[];
  batch: boolean;
}

/** Priming events carry no message; the store holds this placeholder in their place. */
const PRIMING_PLACEHOLDER = {} as JSONRPCMessage;
/** The first protocol version whose clients accept empty-data (priming) events. */
const PRIMING_SINCE = "2025-11-25";

/**
 * The SDK `Transport` of one Streamable HTTP session (or of one stateless request). An SDK
 * `Server` connects to it as to any transport; the handler feeds it the session's POSTs and GETs.
 * Responses and request-related messages go to the SSE stream (or JSON body) of the POST that
 * carried the request; everything else to the session's standalone GET stream. With an event
 * store, every event is stored before it is written, so a client that lost a stream resumes it
 * with `Last-Event-ID`; stores and writes are then serialized to keep event order.
 */
export class HttpServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;
  /** Called when a client opens (or resumes) the session's standalone GET stream on this transport. */
  onstandalone?: () => void;
  readonly sessionId: string | undefined;

  private readonly options: HttpServerTransportOptions;
  private readonly streams = new Map<StreamId, PostStream>();
  private readonly byRequest = new Map<RequestId, PostStream>();
  private readonly standaloneId: StreamId;
  private readonly streamPrefix: string;
  private standalone: SseStream | undefined;
  private chain: Promise<void> = Promise.resolve();
  private nextStream = 0;
  /**
   * Distinguishes this transport's POST streams from those of the same session's copies on other
   * nodes, which share the event store (ADR 0011 §2).
   */
  private readonly streamTag = `${randomBytes(3).toString("hex")}.`;
  private started = false;
  private closed = false;

  /** @param options - see {@link HttpServerTransportOptions} */
  constructor(options: HttpServerTransportOptions) {
    this.options = options;
    this.sessionId = options.sessionId;
    this.streamPrefix = `${options.sessionId ?? "stateless"}/`;
    this.standaloneId = `${this.streamPrefix}get`;
  }

  async start(): Promise<void> {
    if (this.started) throw new Error(`${ERROR_PREFIX} transport already started`);
    this.started = true;
  }

  /**
   * True while a client is connected to one of the session's streams: the session is not idle. A
   * request still running whose client went away does not count, so a vanished client's session
   * is reaped (which aborts that request) instead of living as long as its slowest handler.
   */
  get busy(): boolean {
    if (this.standalone?.isOpen) return true;
    for (const stream of this.streams.values()) {
      if (stream.sse?.isOpen || (stream.json && !stream.json.writableEnded && !stream.json.destroyed))
        return true;
    }
    return false;
  }

  /** True while the session's standalone GET stream is open on this transport. */
  get hasStandalone(): boolean {
    return this.standalone?.isOpen === true;
  }

  /** True once closed. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Takes the messages of one POST. Only notifications and responses: answered 202 at once.
   * With requests: the POST's response becomes their SSE stream (or JSON body).
   *
   * @returns an error text when a request id is already in flight in this session
   */
  handlePost(messages: JSONRPCMessage[], batch: boolean, context: PostContext): string | undefined {
    const ids = messages.filter(isRequest).map((message) => message.id);
    const extra: MessageExtraInfo = {
      requestInfo: { headers: context.req.headers },
      ...(context.authInfo ? { authInfo: context.authInfo } : {}),
    };
    if (ids.length === 0) {
      context.res.writeHead(202, context.headers).end();
      for (const message of messages) this.onmessage?.(message, extra);
      return undefined;
    }
    if (ids.some((id) => this.byRequest.has(id))) return "Invalid Request: request id already in flight";
    const stream = this.openPostStream(ids, batch, context);
    if (stream.sse && this.resumable(context.protocolVersion)) {
      this.prime(stream.id, stream.sse);
      extra.closeSSEStream = () => stream.sse?.end();
      extra.closeStandaloneSSEStream = () => this.standalone?.end();
    }
    for (const message of messages) this.onmessage?.(message, extra);
    return undefined;
  }

  /**
   * Opens the standalone GET stream for server-initiated messages.
   *
   * @returns false when one is already open (the caller answers 409)
   */
  openStandalone(res: ServerResponse, headers: Record<string, string>, protocolVersion: string): boolean {
    if (this.standalone?.isOpen) return false;
    const sse = new SseStream(
      res,
      this.options.slowReader,
      () => {
        if (this.standalone === sse) this.standalone = undefined;
      },
      headers,
      true,
    );
    this.standalone = sse;
    if (this.resumable(protocolVersion)) this.prime(this.standaloneId, sse);
    this.onstandalone?.();
    return true;
  }

  /**
   * Resumes a stream after `lastEventId`: replays what the client missed on `res`, then keeps it
   * as that stream's live connection if the stream is still in use, or ends it.
   *
   * @returns false when the id is unknown, expired, or belongs to another session (answer 400)
   */
  resume(lastEventId: string, res: ServerResponse, headers: Record<string, string>): Promise<boolean> {
    const store = this.options.eventStore;
    if (!store) return Promise.resolve(false);
    return this.enqueue(async () => {
      const missed: { id: string; message: JSONRPCMessage }[] = [];
      let streamId: StreamId;
      try {
        streamId = await store.replayEventsAfter(lastEventId, {
          send: async (id, message) => {
            missed.push({ id, message });
          },
        });
      } catch {
        return false;
      }
      if (!streamId.startsWith(this.streamPrefix) || this.closed) return false;
      this.attachResumed(streamId, res, headers, missed);
      return true;
    });
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (this.closed) throw new Error(`${ERROR_PREFIX} transport is closed; message not sent`);
    const requestId = isResponse(message) ? message.id : options?.relatedRequestId;
    const stream = requestId === undefined ? undefined : this.byRequest.get(requestId);
    const store = this.options.eventStore;
    if (!stream || stream.json) {
      if (stream && isResponse(message)) return this.answerJson(stream, message);
      if (isResponse(message)) return; // its POST is gone (stateless request finished); nothing to route
      if (!store) {
        this.standalone?.write(sseEvent(JSON.stringify(message)));
        return;
      }
      return this.enqueue(async () => {
        const json = JSON.stringify(message);
        const id = await storeSerialized(store, this.standaloneId, message, json);
        this.standalone?.write(sseEvent(json, id));
      });
    }
    if (!store) {
      this.deliver(stream, message, JSON.stringify(message), undefined);
      return;
    }
    // Serialized once, for the store and the SSE frame.
    return this.enqueue(async () => {
      const json = JSON.stringify(message);
      this.deliver(stream, message, json, await storeSerialized(store, stream.id, message, json));
    });
  }

  /** Writes an SSE comment on every stream that has been silent for `intervalMs`. */
  keepAlive(now: number, intervalMs: number): void {
    const ping = (sse: SseStream | undefined) => {
      if (sse?.isOpen && now - sse.lastWrite >= intervalMs) sse.write(KEEP_ALIVE_COMMENT);
    };
    ping(this.standalone);
    for (const stream of this.streams.values()) ping(stream.sse);
  }

  /** Ends every stream, answers pending JSON-mode POSTs with an error, then calls `onclose` once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams.values()) {
      stream.sse?.end();
      if (stream.json && !stream.json.headersSent) {
        const body = JSON.stringify({
          jsonrpc: "2.0",
          id: null,
          error: { code: -32000, message: "Session closed" },
        });
        stream.json.writeHead(503, { ...stream.headers, "content-type": "application/json" }).end(body);
      }
    }
    this.standalone?.end();
    this.streams.clear();
    this.byRequest.clear();
    this.onclose?.();
  }

  private openPostStream(ids: RequestId[], batch: boolean, context: PostContext): PostStream {
    const stream: PostStream = {
      id: `${this.streamPrefix}${this.streamTag}${this.nextStream++}`,
      sse: undefined,
      json: undefined,
      headers: context.headers,
      pending: new Set(ids),
      responses: [],
      batch,
    };
    if (this.options.responseMode === "json") {
      stream.json = context.res;
    } else {
      const sse = new SseStream(
        context.res,
        this.options.slowReader,
        () => {
          if (stream.sse === sse) stream.sse = undefined;
        },
        context.headers,
        false,
      );
      stream.sse = sse;
    }
    this.streams.set(stream.id, stream);
    for (const id of ids) this.byRequest.set(id, stream);
    return stream;
  }

  private deliver(
    stream: PostStream,
    message: JSONRPCMessage,
    json: string,
    eventId: string | undefined,
  ): void {
    stream.sse?.write(sseEvent(json, eventId));
    if (!isResponse(message)) return;
    stream.pending.delete(message.id);
    this.byRequest.delete(message.id);
    if (stream.pending.size > 0) return;
    this.streams.delete(stream.id);
    // Written whole and then followed by the client's next request on the connection (it read
    // the answer: see delivery-receipts.ts), the stream holds nothing its client may ask for
    // again, and the store may forget it. Cut off before that, its events stay for a resumption.
    const store = this.options.eventStore;
    const socket = stream.sse?.res.socket;
    if (stream.sse?.isOpen && socket && store && isDeliveryAware(store)) {
      const id = stream.id;
      const forget = () => {
        store.streamDelivered(id).catch((error: unknown) => this.onerror?.(asError(error)));
      };
      stream.sse.end(() => afterNextRequest(socket, forget));
    } else stream.sse?.end();
  }

  private answerJson(stream: PostStream, message: JSONRPCMessage & { id: RequestId }): void {
    stream.responses.push(message);
    stream.pending.delete(message.id);
    this.byRequest.delete(message.id);
    if (stream.pending.size > 0) return;
    this.streams.delete(stream.id);
    const res = stream.json;
    if (!res || res.destroyed || res.headersSent) return;
    const body = JSON.stringify(stream.batch ? stream.responses : stream.responses[0]);
    res.writeHead(200, {
      ...stream.headers,
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  }

  private attachResumed(
    streamId: StreamId,
    res: ServerResponse,
    headers: Record<string, string>,
    missed: { id: string; message: JSONRPCMessage }[],
  ): void {
    const live = streamId === this.standaloneId ? undefined : this.streams.get(streamId);
    const sse = new SseStream(
      res,
      this.options.slowReader,
      () => {
        if (live?.sse === sse) live.sse = undefined;
        if (this.standalone === sse) this.standalone = undefined;
      },
      headers,
      true,
    );
    for (const { id, message } of missed) {
      sse.write("jsonrpc" in message ? sseEvent(JSON.stringify(message), id) : primingEvent(id));
    }
    if (streamId === this.standaloneId) {
      if (this.standalone !== sse) this.standalone?.end();
      this.standalone = sse;
      this.onstandalone?.();
    } else if (live) {
      live.sse?.end();
      live.sse = sse;
    } else {
      sse.end(); // the stream had finished: the replay held everything, response included
    }
  }

  private async writePriming(streamId: StreamId, sse: SseStream | undefined): Promise<void> {
    const store = this.options.eventStore;
    if (!store) return;
    const id = await store.storeEvent(streamId, PRIMING_PLACEHOLDER);
    sse?.write(primingEvent(id, this.options.retryMs));
  }

  private resumable(protocolVersion: string): boolean {
    return this.options.eventStore !== undefined && protocolVersion >= PRIMING_SINCE;
  }

  /** Runs `task` after every earlier store-and-write, keeping event order. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.chain.then(task);
    this.chain = result.then(
      () => undefined,
      () => undefined, // the caller of enqueue gets the failure; the chain goes on
    );
    return result;
  }

  private prime(streamId: StreamId, sse: SseStream | undefined): void {
    this.enqueue(() => this.writePriming(streamId, sse)).catch((error: unknown) =>
      this.onerror?.(asError(error)),
    );
  }
}

import { randomBytes } from "node:crypto";
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo, RequestId } from "@modelcontextprotocol/sdk/types.js";
import type { MessageBus } from "@wasi-mcp/router";
import { asError, ERROR_PREFIX } from "./errors.js";
import { isRequest, isResponse } from "./messages.js";
import type { HttpServerTransport } from "./session-transport.js";
import type { SessionRecord, SessionStore } from "./shared-state.js";

/** Prefix of the ids of the messages a rebuild replays; the SDK's answers to them are dropped. */
const REPLAY_ID = "wasi-mcp-replay-";

/** The bus channel between the copies of one session on different nodes. */
export function sessionChannel(sessionId: string): string {
  return `session:${sessionId}`;
}

/**
 * What the copies of a session tell each other: a client answer to a server→client request (for
 * the copy that sent it), a server message for the session's GET stream (for the copy holding
 * it), or a request that settled session state (for every other copy to apply).
 */
type CopyMessage =
  | { kind: "answer"; message: JSONRPCMessage }
  | { kind: "unsolicited"; message: JSONRPCMessage }
  | { kind: "closed" }
  | { kind: "standalone"; origin: string }
  | { kind: "settle"; origin: string; method: string; params: Record<string, unknown> };

/**
 * The 2025 sessions of an endpoint shared through a {@link SessionStore} (ADR 0011 §2): records what
 * `initialize`, `logging/setLevel` and `resources/subscribe` settled, and rebuilds a session this
 * node has not seen by replaying them into a new server.
 */
export class SharedSessions {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly store: SessionStore,
    private readonly bus: MessageBus | undefined,
    private readonly idleMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Reads a session's record; throws a clear error when the store cannot answer. */
  async find(id: string): Promise<SessionRecord | undefined> {
    try {
      return await this.store.get(id);
    } catch (error) {
      throw new SharedStoreError(asError(error));
    }
  }

  /** Writes a new session's record before its initialize is answered. */
  async created(id: string, record: SessionRecord): Promise<void> {
    try {
      await this.store.put(id, record, this.idleMs);
    } catch (error) {
      throw new SharedStoreError(asError(error));
    }
  }

  /** Slides the record's expiry, at most once a quarter of the idle timeout per session. */
  touch(id: string, now = Date.now()): void {
    if (this.idleMs === 0 || now - (this.touched.get(id) ?? 0) < this.idleMs / 4) return;
    this.touched.set(id, now);
    this.store.touch(id, this.idleMs).catch((error: unknown) => this.onError(asError(error)));
  }

  /** The session ended (DELETE): its record goes, and every node's copy closes. */
  async deleted(id: string): Promise<void> {
    this.touched.delete(id);
    await this.store.delete(id).catch((error: unknown) => this.onError(asError(error)));
    const closed: CopyMessage = { kind: "closed" };
    await this.bus
      ?.publish(sessionChannel(id), JSON.stringify(closed))
      .catch((error: unknown) => this.onError(asError(error)));
  }

  /** This node dropped its copy (idle, closed); the record stays for the other nodes. */
  forget(id: string): void {
    this.touched.delete(id);
  }

  /** The transport a session's server connects to: records what the client settles, routes answers. */
  channel(transport: HttpServerTransport, record: SessionRecord): SharedChannel {
    return new SharedChannel(transport, record, this.store, this.bus, this.idleMs, this.onError);
  }
}

/** A session store that could not be reached: the request gets 503, never per-process state. */
export class SharedStoreError extends Error {
  constructor(cause: Error) {
    super(`${ERROR_PREFIX} shared session store unreachable: ${cause.message}`, { cause });
  }
}

/**
 * The SDK `Transport` a shared session's server sees: the session's {@link HttpServerTransport},
 * plus (a) the record kept up to date with `logging/setLevel` and `resources/(un)subscribe`, (b)
 * client answers to server→client requests this copy did not send published on the bus for the
 * copy that did, and answers from the bus delivered when this copy awaits them, and (c)
 * {@link SharedChannel.replay}, which puts a rebuilt server where the first one was.
 *
 * (d) Notifications unrelated to a request go to the session's GET stream. Every copy hears them
 * (every node hears the deployment's backend events); the copy holding the stream stores and sends
 * them. While no copy holds it — the client went away and will resume with `Last-Event-ID` — the
 * copy that held it last (the keeper) goes on storing them, so the resume replays what was missed;
 * a copy that takes the stream tells the others, and the old keeper stops.
 */
export class SharedChannel implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  /** Server→client requests of this copy still awaiting their answer. */
  private readonly awaiting = new Set<RequestId>();
  private readonly replays = new Map<RequestId, () => void>();
  private replayCount = 0;
  private unsubscribe: (() => Promise<void>) | undefined;
  /** Tells this copy's own messages on the bus from the other copies'. */
  private readonly origin = randomBytes(8).toString("hex");
  /** This copy held the GET stream last: it stores the stream's notifications while nobody holds it. */
  private keeper = false;

  constructor(
    private readonly inner: HttpServerTransport,
    private readonly record: SessionRecord,
    private readonly store: SessionStore,
    private readonly bus: MessageBus | undefined,
    private readonly idleMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  async start(): Promise<void> {
    // The handler's own hooks (registry bookkeeping) stay; the server's come after them.
    const { onclose, onerror } = this.inner;
    this.inner.onclose = () => {
      onclose?.();
      this.unsubscribe?.().catch(() => {});
      this.onclose?.();
    };
    this.inner.onerror = (error) => {
      onerror?.(error);
      this.onerror?.(error);
    };
    this.inner.onmessage = (message, extra) => this.received(message, extra);
    this.inner.onstandalone = () => {
      this.keeper = true;
      this.tell({ kind: "standalone", origin: this.origin });
    };
    await this.inner.start();
    const id = this.inner.sessionId;
    if (this.bus && id !== undefined) {
      this.unsubscribe = await this.bus.subscribe(sessionChannel(id), (text) => this.fromBus(text));
    }
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (isResponse(message)) {
      const replayed = this.replays.get(message.id);
      if (replayed) {
        this.replays.delete(message.id);
        replayed();
        return;
      }
    } else if (options?.relatedRequestId === undefined && !this.inner.hasStandalone && this.bus) {
      // Unrelated to a request, it goes on the GET stream, which another node may hold. A request
      // goes there; a notification (a list change, a log record) is not sent: every node hears the
      // deployment's backend events, so the copy holding the stream sends it itself, once — or,
      // while no copy holds it, the keeper stores it for the client's resumption (d).
      if (!isRequest(message)) return this.keeper ? this.inner.send(message, options) : undefined;
      this.awaiting.add(message.id);
      this.tell({ kind: "unsolicited", message });
      return;
    } else if (isRequest(message)) {
      this.awaiting.add(message.id);
    }
    return this.inner.send(message, options);
  }

  async close(): Promise<void> {
    await this.inner.close();
  }

  /**
   * Replays what the record settled into the freshly connected server — `initialize`,
   * `notifications/initialized`, the log level, the subscriptions — through the SDK's own handlers,
   * discarding their answers.
   */
  async replay(): Promise<void> {
    const { initialize, logLevel, subscriptions } = this.record;
    await this.replayRequest("initialize", initialize);
    this.onmessage?.({ jsonrpc: "2.0", method: "notifications/initialized" });
    if (logLevel !== undefined) await this.replayRequest("logging/setLevel", { level: logLevel });
    for (const uri of subscriptions) await this.replayRequest("resources/subscribe", { uri });
  }

  private replayRequest(method: string, params: Record<string, unknown>): Promise<void> {
    const id = `${REPLAY_ID}${this.replayCount++}-${method}`;
    return new Promise<void>((resolve) => {
      this.replays.set(id, resolve);
      this.onmessage?.({ jsonrpc: "2.0", id, method, params });
    });
  }

  private received(message: JSONRPCMessage, extra: MessageExtraInfo | undefined): void {
    if (isResponse(message)) {
      if (!this.awaiting.delete(message.id) && this.bus) {
        // Another node's copy sent that request: the answer goes there.
        this.tell({ kind: "answer", message });
        return;
      }
    } else if (isRequest(message)) {
      this.settle(message.method, message.params);
    }
    this.onmessage?.(message, extra);
  }

  private tell(message: CopyMessage): void {
    const id = this.inner.sessionId;
    if (!this.bus || id === undefined) return;
    this.bus
      .publish(sessionChannel(id), JSON.stringify(message))
      .catch((error: unknown) => this.onError(asError(error)));
  }

  private fromBus(text: string): void {
    let copy: CopyMessage;
    try {
      copy = JSON.parse(text) as CopyMessage;
    } catch (error) {
      this.onError(asError(error));
      return;
    }
    if (copy.kind === "answer") {
      const { message } = copy;
      if (isResponse(message) && this.awaiting.delete(message.id)) this.onmessage?.(message);
    } else if (copy.kind === "closed") {
      // Deleted through another node: this copy goes too (its server's close ends its streams).
      this.inner.close().catch((error: unknown) => this.onError(asError(error)));
    } else if (copy.kind === "standalone") {
      if (copy.origin !== this.origin) this.keeper = false;
    } else if (copy.kind === "unsolicited") {
      if (this.inner.hasStandalone)
        this.inner.send(copy.message).catch((error: unknown) => this.onError(asError(error)));
    } else if (copy.origin !== this.origin) {
      // Another copy's client settled this: this copy's server learns it the same way.
      this.replayRequest(copy.method, copy.params).catch((error: unknown) => this.onError(asError(error)));
    }
  }

  /** Keeps the record up to date with what this request settles for the whole session. */
  private settle(method: string, params: Record<string, unknown> | undefined): void {
    const uri = typeof params?.uri === "string" ? params.uri : undefined;
    const subscriptions = new Set(this.record.subscriptions);
    if (method === "logging/setLevel" && typeof params?.level === "string") {
      this.record.logLevel = params.level;
    } else if (method === "resources/subscribe" && uri !== undefined) {
      subscriptions.add(uri);
    } else if (method === "resources/unsubscribe" && uri !== undefined) {
      subscriptions.delete(uri);
    } else {
      return;
    }
    this.record.subscriptions = [...subscriptions];
    this.tell({ kind: "settle", origin: this.origin, method, params: params ?? {} });
    const id = this.inner.sessionId;
    if (id === undefined) return;
    this.store.put(id, this.record, this.idleMs).catch((error: unknown) => this.onError(asError(error)));
  }
}

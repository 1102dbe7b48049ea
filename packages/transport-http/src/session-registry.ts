import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { asError } from "./errors.js";
import type { HttpServerTransport } from "./session-transport.js";

/** One live session: its transport, the SDK server connected to it, and its bookkeeping. */
export interface Session {
  readonly id: string;
  readonly transport: HttpServerTransport;
  readonly server: Server;
  /** `clientId` of the credentials that opened it; later requests must present the same. */
  readonly principal: string | undefined;
  /**
   * The protocol version the client asked for at initialize. It decides whether the session's
   * streams get priming events (empty `data`, which clients older than 2025-11-25 cannot parse):
   * the client's SSE parser is what it is, whatever `MCP-Protocol-Version` a later request sends.
   */
  readonly protocolVersion: string;
  lastActivity: number;
}

/**
 * The live sessions of one endpoint. A timer (unref'd, so it never keeps the process alive)
 * closes sessions that have been idle — no request and no open stream — for `idleMs`, since
 * clients often leave without a DELETE, and writes SSE keep-alive comments on quiet streams.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param idleMs - idle time after which a session is closed; 0 never
   * @param keepAliveMs - silence after which a stream gets a keep-alive comment; 0 never
   * @param onError - receives failures while closing a session
   */
  constructor(
    private readonly idleMs: number,
    private readonly keepAliveMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Live sessions. */
  get size(): number {
    return this.sessions.size;
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  /** Registers a session; it leaves the registry when its transport closes. */
  add(session: Session): void {
    this.sessions.set(session.id, session);
    this.arm();
  }

  delete(id: string): void {
    this.sessions.delete(id);
    if (this.sessions.size === 0) this.disarm();
  }

  /** Closes one session: its server, its transport, its streams. */
  async close(session: Session): Promise<void> {
    this.delete(session.id);
    await session.server.close().catch((error: unknown) => this.onError(asError(error)));
  }

  /** Closes every session and stops the timer. */
  async closeAll(): Promise<void> {
    this.disarm();
    await Promise.all([...this.sessions.values()].map((session) => this.close(session)));
  }

  /** One pass of the timer: keep-alive comments, then idle sessions closed. Exposed for tests. */
  sweep(now = Date.now()): void {
    for (const session of this.sessions.values()) {
      if (this.keepAliveMs > 0) session.transport.keepAlive(now, this.keepAliveMs);
      if (session.transport.busy) {
        session.lastActivity = now;
      } else if (this.idleMs > 0 && now - session.lastActivity >= this.idleMs) {
        void this.close(session);
      }
    }
  }

  private arm(): void {
    if (this.timer || (this.idleMs === 0 && this.keepAliveMs === 0)) return;
    const periods = [this.idleMs / 4, this.keepAliveMs / 2].filter((ms) => ms > 0);
    const period = Math.max(50, Math.min(30_000, ...periods));
    this.timer = setInterval(() => this.sweep(), period);
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

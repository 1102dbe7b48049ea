import { connectLegacy } from "./legacy-session.js";
import { connectModern, type EraVerdict, probeEra } from "./modern-era.js";
import type { UpstreamEndpoint } from "./upstream-config.js";
import type { SessionHooks, UpstreamEra, UpstreamSession } from "./upstream-session.js";

/** Where an upstream is: `ready` serves calls; `connecting` and `down` fail them at once. */
export type UpstreamState = "connecting" | "ready" | "down" | "closed";

/** A change of an upstream's state, for logs and `/readyz`. */
export interface UpstreamHealthEvent {
  namespace: string;
  state: UpstreamState;
  /** Why it went down, or the failed attempt's error. */
  reason?: string;
  /** Milliseconds until the next attempt, when down. */
  retryInMs?: number;
  /** The revision line it was connected in, when ready. */
  era?: UpstreamEra;
}

/** Options of {@link UpstreamConnection}. */
export interface UpstreamConnectionOptions {
  namespace: string;
  endpoint: UpstreamEndpoint;
  /** How each session reports back (questions, notifications, stderr); `onclose` is the connection's. */
  hooks: Omit<SessionHooks, "onclose">;
  /** Called once a session is connected; failing counts as a failed attempt. */
  ready(session: UpstreamSession): Promise<void>;
  onHealth?(event: UpstreamHealthEvent): void;
  /** First delay after a failure; doubles per failure up to `maxBackoffMs`. Default 250. */
  backoffMs?: number;
  /** Default 30 000. */
  maxBackoffMs?: number;
  /** How long the probe, and then the handshake, of one attempt may take. Default 10 000. */
  connectTimeoutMs?: number;
}

/**
 * Keeps one session connected to an upstream: a stdio child that exits is started again, an
 * HTTP server that goes away is reconnected, each after an exponentially growing pause that a
 * success resets. Each connection is made in the newest revision the upstream offers: a
 * `server/discover` probe decides, and its verdict is cached until the connection is lost (a
 * restarted or reconnected upstream may have changed, so it is probed again). `session` is
 * undefined while not ready.
 */
export class UpstreamConnection {
  session: UpstreamSession | undefined;
  state: UpstreamState = "connecting";
  reason: string | undefined;
  #failures = 0;
  #timer: NodeJS.Timeout | undefined;
  #attempts = 0;
  #current: number | undefined;
  #live: UpstreamSession | undefined;
  #verdict: EraVerdict | undefined;

  constructor(private readonly options: UpstreamConnectionOptions) {}

  /**
   * The first attempt; resolves when it succeeded or failed (a failure schedules the next), or
   * after `connectTimeoutMs` at most, the attempt going on in the background.
   */
  start(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#timeout);
      timer.unref();
    });
    return Promise.race([this.#attempt(), bound]).finally(() => clearTimeout(timer));
  }

  get #timeout(): number {
    return this.options.connectTimeoutMs ?? 10_000;
  }

  /** The probe's cached verdict, while one holds. */
  get verdict(): EraVerdict | undefined {
    return this.#verdict;
  }

  /** Drops the current connection (a hung upstream); the usual restart follows. */
  restart(reason: string): void {
    const session = this.#live;
    if (!session || this.state === "closed" || this.#current === undefined) return;
    this.#down(this.#current, reason);
    void session.close().catch(() => {});
  }

  async close(): Promise<void> {
    this.#set("closed");
    clearTimeout(this.#timer);
    const session = this.#live;
    this.#current = undefined;
    this.#live = undefined;
    this.session = undefined;
    await session?.close().catch(() => {});
  }

  async #attempt(): Promise<void> {
    if (this.state === "closed") return;
    this.#timer = undefined;
    this.#set("connecting");
    const attempt = ++this.#attempts;
    this.#current = attempt;
    let session: UpstreamSession | undefined;
    try {
      this.#verdict ??= await probeEra(this.options.endpoint, this.#timeout);
      const hooks: SessionHooks = {
        ...this.options.hooks,
        onclose: () => this.#down(attempt, "connection closed"),
      };
      session =
        this.#verdict.era === "modern"
          ? await connectModern(this.options.endpoint, this.#verdict.discover, hooks, this.#timeout)
          : await connectLegacy(this.options.endpoint, hooks, this.#timeout);
      if (this.#current !== attempt || (this.state as UpstreamState) === "closed") {
        await session.close().catch(() => {});
        return;
      }
      this.#live = session;
      await this.options.ready(session);
    } catch (error) {
      this.#down(attempt, (error as Error).message);
      await session?.close().catch(() => {});
      return;
    }
    if (this.#current !== attempt || (this.state as UpstreamState) === "closed") return;
    this.#failures = 0;
    this.session = session;
    this.#set("ready");
  }

  #down(attempt: number, reason: string): void {
    if (this.#current !== attempt || this.state === "closed" || this.#timer) return;
    this.session = undefined;
    this.#live = undefined;
    this.#verdict = undefined;
    const retryInMs = Math.min(
      (this.options.backoffMs ?? 250) * 2 ** this.#failures,
      this.options.maxBackoffMs ?? 30_000,
    );
    this.#failures++;
    this.#set("down", reason, retryInMs);
    this.#timer = setTimeout(() => void this.#attempt(), retryInMs);
    this.#timer.unref();
  }

  #set(state: UpstreamState, reason?: string, retryInMs?: number): void {
    this.state = state;
    this.reason = reason;
    const era = state === "ready" ? this.session?.era : undefined;
    this.options.onHealth?.({
      namespace: this.options.namespace,
      state,
      ...(reason === undefined ? {} : { reason }),
      ...(retryInMs === undefined ? {} : { retryInMs }),
      ...(era ? { era } : {}),
    });
  }

  /** The child's process id, for a stdio upstream that is running. */
  get pid(): number | undefined {
    return this.#live?.pid;
  }
}

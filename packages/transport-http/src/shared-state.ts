/**
 * What `initialize` (and later `logging/setLevel`, `resources/subscribe`) settled for one MCP
 * 2025 session: enough for any node to rebuild the session's SDK v1 server (ADR 0011 §2). Plain
 * JSON.
 */
export interface SessionRecord {
  /** The protocol version the client asked for at initialize. */
  protocolVersion: string;
  /** `clientId` of the credentials that opened it; later requests must present the same. */
  principal: string | undefined;
  /** The `initialize` request's params (capabilities, clientInfo, protocolVersion). */
  initialize: Record<string, unknown>;
  /** The level of the last `logging/setLevel`, if any. */
  logLevel?: string;
  /** URIs of `resources/subscribe` not yet unsubscribed. */
  subscriptions: string[];
}

/**
 * Where the 2025 sessions of a deployment are kept, so that a node that never saw a session's
 * `initialize` can serve it (ADR 0011 §1). Records expire after `ttlMs` without `touch`.
 */
export interface SessionStore {
  get(id: string): Promise<SessionRecord | undefined>;
  /** Writes (or replaces) a record; it expires after `ttlMs` (0: never). */
  put(id: string, record: SessionRecord, ttlMs: number): Promise<void>;
  /** Slides a record's expiry. */
  touch(id: string, ttlMs: number): Promise<void>;
  delete(id: string): Promise<void>;
}

/** A {@link SessionStore} in this process's memory: one process, today's behaviour. */
export class InMemorySessionStore implements SessionStore {
  private readonly records = new Map<string, { record: SessionRecord; expires: number }>();

  /** @param now - the clock, in ms (tests) */
  constructor(private readonly now: () => number = Date.now) {}

  async get(id: string): Promise<SessionRecord | undefined> {
    const entry = this.records.get(id);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.records.delete(id);
      return undefined;
    }
    return structuredClone(entry.record);
  }

  async put(id: string, record: SessionRecord, ttlMs: number): Promise<void> {
    this.sweep();
    this.records.set(id, { record: structuredClone(record), expires: this.expiry(ttlMs) });
  }

  async touch(id: string, ttlMs: number): Promise<void> {
    const entry = this.records.get(id);
    if (entry) entry.expires = this.expiry(ttlMs);
  }

  async delete(id: string): Promise<void> {
    this.records.delete(id);
  }

  private expiry(ttlMs: number): number {
    return ttlMs > 0 ? this.now() + ttlMs : Number.POSITIVE_INFINITY;
  }

  /** Drops expired records, so sessions that were never deleted do not pile up. */
  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.records) if (entry.expires <= now) this.records.delete(id);
  }
}

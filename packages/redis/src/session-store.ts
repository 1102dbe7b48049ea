import type { SessionRecord, SessionStore } from "@wasi-mcp/transport-http";
import type { RedisConnection } from "./connection.js";

/**
 * The 2025 session registry of a deployment in Redis: one string key per session holding its
 * {@link SessionRecord} as JSON, expiring after the idle timeout (`PX`), slid by `touch`. Any node
 * rebuilds a session it has not seen from it (ADR 0011 §2).
 *
 * @example
 * ```ts
 * const sessions = new RedisSessionStore(await connectRedis("redis://127.0.0.1:6379"));
 * await createHttpServer({ createServer, sessionStore: sessions });
 * ```
 */
export class RedisSessionStore implements SessionStore {
  constructor(private readonly connection: RedisConnection) {}

  async get(id: string): Promise<SessionRecord | undefined> {
    const text = await this.connection.redis.get(this.key(id));
    return text === null ? undefined : (JSON.parse(text) as SessionRecord);
  }

  async put(id: string, record: SessionRecord, ttlMs: number): Promise<void> {
    const text = JSON.stringify(record);
    if (ttlMs > 0) await this.connection.redis.set(this.key(id), text, "PX", ttlMs);
    else await this.connection.redis.set(this.key(id), text);
  }

  async touch(id: string, ttlMs: number): Promise<void> {
    if (ttlMs > 0) await this.connection.redis.pexpire(this.key(id), ttlMs);
  }

  async delete(id: string): Promise<void> {
    await this.connection.redis.del(this.key(id));
  }

  private key(id: string): string {
    return `${this.connection.keyPrefix}session:${id}`;
  }
}

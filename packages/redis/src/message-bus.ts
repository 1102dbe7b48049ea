import type { MessageBus } from "@wasi-mcp/transport-http";
import type { Redis } from "ioredis";
import type { RedisConnection } from "./connection.js";

/**
 * A {@link MessageBus} over Redis pub/sub: publishes on the command connection, listens on a
 * second connection (a subscribed Redis connection can do nothing else), which resubscribes by
 * itself after a reconnect. Channels carry the connection's key prefix.
 *
 * @example
 * ```ts
 * const bus = new RedisMessageBus(connection);
 * const events = await busServerEvents(bus);
 * ```
 */
export class RedisMessageBus implements MessageBus {
  private subscriber: Redis | undefined;
  private readonly listeners = new Map<string, Set<(message: string) => void>>();

  constructor(private readonly connection: RedisConnection) {}

  async publish(channel: string, message: string): Promise<void> {
    await this.connection.redis.publish(this.channel(channel), message);
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    const name = this.channel(channel);
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
      await this.connect().subscribe(name);
    }
    set.add(listener);
    return async () => {
      if (!set.delete(listener) || set.size > 0) return;
      this.listeners.delete(name);
      await this.subscriber?.unsubscribe(name).catch(() => {});
    };
  }

  /** Ends the subscriber connection. */
  async close(): Promise<void> {
    this.listeners.clear();
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
    this.subscriber = undefined;
  }

  private connect(): Redis {
    if (this.subscriber) return this.subscriber;
    const subscriber = this.connection.duplicate();
    subscriber.on("message", (channel: string, message: string) => {
      for (const listener of [...(this.listeners.get(channel) ?? [])]) listener(message);
    });
    this.subscriber = subscriber;
    return subscriber;
  }

  private channel(name: string): string {
    return `${this.connection.keyPrefix}${name}`;
  }
}

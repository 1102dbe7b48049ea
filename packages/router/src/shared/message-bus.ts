/**
 * Fire-and-forget pub/sub between the nodes of one deployment (ADR 0011 §1). A publisher hears
 * its own messages too: delivery happens only from the bus, on every node alike.
 */
export interface MessageBus {
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is active; the returned function ends it. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
}

/** A {@link MessageBus} within this process: one process, today's behaviour. */
export class InMemoryMessageBus implements MessageBus {
  private readonly channels = new Map<string, Set<(message: string) => void>>();

  async publish(channel: string, message: string): Promise<void> {
    // Asynchronous like a real bus, so no publisher depends on synchronous delivery.
    queueMicrotask(() => {
      for (const listener of [...(this.channels.get(channel) ?? [])]) listener(message);
    });
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    const listeners = this.channels.get(channel) ?? new Set();
    this.channels.set(channel, listeners);
    listeners.add(listener);
    return async () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.channels.delete(channel);
    };
  }
}

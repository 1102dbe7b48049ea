import type { BackendRequest, McpBackend } from "./backend.js";

/** A session as the subscription registry sees it. */
export interface Subscriber {
  /** URIs this session is subscribed to. */
  readonly subscriptions: Set<string>;
  /** False once the session's connection has closed. */
  readonly isOpen: boolean;
}

const registries = new WeakMap<McpBackend, SubscriptionRegistry>();

/** The registry shared by every session of `backend`. */
export function subscriptionRegistry(backend: McpBackend): SubscriptionRegistry {
  let registry = registries.get(backend);
  if (!registry) {
    registry = new SubscriptionRegistry(backend);
    registries.set(backend, registry);
  }
  return registry;
}

/**
 * Reference-counts resource subscriptions across the sessions of one backend: the first session
 * subscribing to a URI calls `backend.subscribe`, the last one leaving (unsubscribe or close)
 * calls `backend.unsubscribe`. Operations on one URI run one after another, so a subscribe racing
 * an unsubscribe or a close never leaves the backend and the counts disagreeing.
 */
export class SubscriptionRegistry {
  readonly #backend: McpBackend;
  readonly #counts = new Map<string, number>();
  readonly #queues = new Map<string, Promise<void>>();

  constructor(backend: McpBackend) {
    this.#backend = backend;
  }

  /** How many sessions are subscribed to `uri`. */
  count(uri: string): number {
    return this.#counts.get(uri) ?? 0;
  }

  /** Subscribes `session` to `uri`; subscribing twice is a no-op. */
  subscribe(session: Subscriber, uri: string, request: BackendRequest): Promise<void> {
    return this.#serialize(uri, async () => {
      if (!session.isOpen || session.subscriptions.has(uri)) return;
      const count = this.count(uri);
      if (count === 0) await this.#backend.subscribe?.(uri, request);
      this.#counts.set(uri, count + 1);
      session.subscriptions.add(uri);
    });
  }

  /** Unsubscribes `session` from `uri`; unsubscribing a URI it is not subscribed to is a no-op. */
  unsubscribe(session: Subscriber, uri: string, request: BackendRequest): Promise<void> {
    return this.#serialize(uri, () => this.#release(session, uri, request));
  }

  /** Releases every subscription of a closed session; failures go to `report`. */
  releaseAll(
    session: Subscriber,
    request: BackendRequest,
    report: (error: unknown, uri: string) => void,
  ): void {
    for (const uri of [...session.subscriptions]) {
      this.#serialize(uri, () => this.#release(session, uri, request)).catch((error: unknown) =>
        report(error, uri),
      );
    }
  }

  async #release(session: Subscriber, uri: string, request: BackendRequest): Promise<void> {
    if (!session.subscriptions.delete(uri)) return;
    const count = this.count(uri) - 1;
    if (count > 0) {
      this.#counts.set(uri, count);
      return;
    }
    this.#counts.delete(uri);
    await this.#backend.unsubscribe?.(uri, request);
  }

  #serialize(uri: string, operation: () => Promise<void>): Promise<void> {
    const previous = this.#queues.get(uri) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(operation);
    this.#queues.set(uri, next);
    const settle = () => {
      if (this.#queues.get(uri) === next) this.#queues.delete(uri);
    };
    next.then(settle, settle);
    return next;
  }
}

import type { Worker } from "node:cluster";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import {
  type EventStore,
  InMemoryEventStore,
  type InMemoryEventStoreOptions,
  InMemorySessionStore,
  type MessageBus,
  type SessionRecord,
  type SessionStore,
} from "@wasi-mcp/transport-http";

/**
 * `--workers N` without Redis (ADR 0011 §8): the cluster primary holds the in-process session store,
 * event store and bus, and serves them to its workers over the cluster IPC channel; the workers use
 * the `Ipc*` classes, which implement the same interfaces as the Redis ones — one multi-node code
 * path, tested twice.
 */

/** Worker → primary. */
type Call =
  | { mcpState: "call"; id: number; target: "sessions" | "events"; method: string; args: unknown[] }
  | { mcpState: "publish"; channel: string; message: string };

/** Primary → worker. */
type Reply =
  | { mcpState: "reply"; id: number; ok: true; value: unknown }
  | { mcpState: "reply"; id: number; ok: false; error: string }
  | { mcpState: "message"; channel: string; message: string };

/** The primary's side: one store and bus for every worker it serves. */
export class IpcStateHost {
  private readonly sessions = new InMemorySessionStore();
  private readonly events: InMemoryEventStore;
  private readonly workers = new Set<Worker>();

  constructor(eventStoreOptions: InMemoryEventStoreOptions) {
    this.events = new InMemoryEventStore(eventStoreOptions);
  }

  /** Serves `worker` until it exits. */
  serve(worker: Worker): void {
    this.workers.add(worker);
    worker.on("exit", () => this.workers.delete(worker));
    worker.on("message", (message: Call) => {
      if (typeof message !== "object" || message === null || !("mcpState" in message)) return;
      if (message.mcpState === "publish") {
        const out: Reply = { mcpState: "message", channel: message.channel, message: message.message };
        for (const each of this.workers) if (each.isConnected()) each.send(out);
        return;
      }
      this.call(message).then(
        (value) =>
          worker.isConnected() && worker.send({ mcpState: "reply", id: message.id, ok: true, value }),
        (error: unknown) =>
          worker.isConnected() &&
          worker.send({ mcpState: "reply", id: message.id, ok: false, error: (error as Error).message }),
      );
    });
  }

  private async call({ target, method, args }: Extract<Call, { mcpState: "call" }>): Promise<unknown> {
    if (target === "sessions") {
      const store = this.sessions as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      if (!["get", "put", "touch", "delete"].includes(method))
        throw new Error(`no session store method ${method}`);
      return await store[method]?.(...args);
    }
    switch (method) {
      case "storeEvent":
        return await this.events.storeEvent(args[0] as string, args[1] as JSONRPCMessage);
      case "streamDelivered":
        return await this.events.streamDelivered(args[0] as string);
      case "getStreamIdForEventId":
        return await this.events.getStreamIdForEventId(args[0] as string);
      case "replayEventsAfter": {
        const replayed: [string, JSONRPCMessage][] = [];
        const streamId = await this.events.replayEventsAfter(args[0] as string, {
          send: async (id, message) => {
            replayed.push([id, message]);
          },
        });
        return { streamId, replayed };
      }
      default:
        throw new Error(`no event store method ${method}`);
    }
  }
}

/** A worker's channel to the primary's state. */
class IpcChannel {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, Set<(message: string) => void>>();

  constructor(private readonly port: NodeJS.Process) {
    port.on("message", (message: Reply) => {
      if (typeof message !== "object" || message === null || !("mcpState" in message)) return;
      if (message.mcpState === "message") {
        for (const listener of [...(this.listeners.get(message.channel) ?? [])]) listener(message.message);
        return;
      }
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.ok) waiting.resolve(message.value);
      else waiting.reject(new Error(`[mcp-compositor] primary: ${message.error}`));
    });
  }

  call(target: "sessions" | "events", method: string, args: unknown[]): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const sent = this.port.send?.({ mcpState: "call", id, target, method, args } satisfies Call);
      if (!sent) {
        this.pending.delete(id);
        reject(new Error("[mcp-compositor] the cluster primary is gone"));
      }
    });
  }

  publish(channel: string, message: string): void {
    this.port.send?.({ mcpState: "publish", channel, message } satisfies Call);
  }

  listen(channel: string, listener: (message: string) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }
}

/** The worker-side state: what a worker hands its transports. */
export interface IpcState {
  sessionStore: SessionStore;
  eventStore: EventStore & { streamDelivered(streamId: string): Promise<void> };
  messageBus: MessageBus;
}

/** The state a cluster worker reaches through its primary (`process` must have an IPC channel). */
export function ipcState(port: NodeJS.Process = process): IpcState {
  const channel = new IpcChannel(port);
  const sessions = (method: string, ...args: unknown[]) => channel.call("sessions", method, args);
  const events = (method: string, ...args: unknown[]) => channel.call("events", method, args);
  return {
    sessionStore: {
      get: async (id) => (await sessions("get", id)) as SessionRecord | undefined,
      put: async (id, record, ttlMs) => void (await sessions("put", id, record, ttlMs)),
      touch: async (id, ttlMs) => void (await sessions("touch", id, ttlMs)),
      delete: async (id) => void (await sessions("delete", id)),
    },
    eventStore: {
      storeEvent: async (streamId, message) => (await events("storeEvent", streamId, message)) as string,
      streamDelivered: async (streamId) => void (await events("streamDelivered", streamId)),
      getStreamIdForEventId: async (eventId) =>
        (await events("getStreamIdForEventId", eventId)) as string | undefined,
      replayEventsAfter: async (lastEventId, { send }) => {
        const { streamId, replayed } = (await events("replayEventsAfter", lastEventId)) as {
          streamId: string;
          replayed: [string, JSONRPCMessage][];
        };
        for (const [id, message] of replayed) await send(id, message);
        return streamId;
      },
    },
    messageBus: {
      publish: async (name, message) => channel.publish(name, message),
      subscribe: async (name, listener) => {
        const stop = channel.listen(name, listener);
        return async () => stop();
      },
    },
  };
}

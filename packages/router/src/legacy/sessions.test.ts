import {
  EmptyResultSchema,
  LoggingMessageNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type ServerNotification,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import type { BackendEvent, McpBackend } from "../shared/backend.js";
import { RESOURCE_NOT_FOUND } from "../shared/errors.js";
import { createPlainBackend, type PlainBackend } from "../shared/plain-backend.js";
import { type Connection, connect, settle, until } from "../shared/test-support.js";

function watchedBackend(calls: string[] = []): PlainBackend {
  return createPlainBackend({
    name: "watch",
    version: "1",
    logging: true,
    subscriptions: {
      subscribe: (uri) => {
        calls.push(`subscribe ${uri}`);
      },
      unsubscribe: (uri) => {
        calls.push(`unsubscribe ${uri}`);
      },
    },
    tools: [{ name: "t", inputSchema: { type: "object" }, call: () => ({ content: [] }) }],
    resources: [
      { uri: "test://watched", name: "watched", read: (uri) => ({ contents: [{ uri, text: "v" }] }) },
      { uri: "test://other", name: "other", read: (uri) => ({ contents: [{ uri, text: "o" }] }) },
    ],
  });
}

/** Records the notifications of `method` that reach a client. */
function collect(connection: Connection) {
  const got: ServerNotification[] = [];
  const { client } = connection;
  for (const schema of [
    ResourceUpdatedNotificationSchema,
    ToolListChangedNotificationSchema,
    ResourceListChangedNotificationSchema,
    LoggingMessageNotificationSchema,
  ]) {
    client.setNotificationHandler(schema, (n) => {
      got.push(n as ServerNotification);
    });
  }
  return got;
}

const open: Connection[] = [];
async function session(backend: McpBackend) {
  const connection = await connect(backend);
  open.push(connection);
  return connection;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe("resource subscriptions across sessions", () => {
  it("advertises subscribe and reference-counts backend subscriptions", async () => {
    const calls: string[] = [];
    const backend = watchedBackend(calls);
    const a = await session(backend);
    const b = await session(backend);
    expect(a.client.getServerCapabilities()?.resources?.subscribe).toBe(true);
    await a.client.subscribeResource({ uri: "test://watched" });
    await a.client.subscribeResource({ uri: "test://watched" });
    await b.client.subscribeResource({ uri: "test://watched" });
    expect(calls).toEqual(["subscribe test://watched"]);
    await a.client.unsubscribeResource({ uri: "test://watched" });
    expect(calls).toEqual(["subscribe test://watched"]);
    await b.client.unsubscribeResource({ uri: "test://watched" });
    expect(calls).toEqual(["subscribe test://watched", "unsubscribe test://watched"]);
    expect(backend.subscribed.size).toBe(0);
  });

  it("delivers resources/updated only to subscribed sessions", async () => {
    const backend = watchedBackend();
    const a = await session(backend);
    const b = await session(backend);
    const gotA = collect(a);
    const gotB = collect(b);
    await a.client.subscribeResource({ uri: "test://watched" });
    backend.notifyResourceUpdated("test://watched");
    backend.notifyResourceUpdated("test://other");
    await until(() => gotA.length === 1);
    await settle();
    expect(gotA).toEqual([{ method: "notifications/resources/updated", params: { uri: "test://watched" } }]);
    expect(gotB).toEqual([]);
  });

  it("unsubscribes the backend when the last subscribed session closes", async () => {
    const calls: string[] = [];
    const backend = watchedBackend(calls);
    const a = await session(backend);
    const b = await session(backend);
    await a.client.subscribeResource({ uri: "test://watched" });
    await b.client.subscribeResource({ uri: "test://watched" });
    await a.close();
    await settle();
    expect(calls).toEqual(["subscribe test://watched"]);
    await b.close();
    await until(() => calls.length === 2);
    expect(calls[1]).toBe("unsubscribe test://watched");
  });

  it("answers subscribing to an unknown resource with -32002 and a failing backend with -32603", async () => {
    const backend = createPlainBackend({
      name: "x",
      version: "1",
      subscriptions: {
        subscribe: () => {
          throw new Error("disk on fire at /var/secret");
        },
      },
      resources: [{ uri: "test://a", name: "a", read: () => ({ contents: [] }) }],
    });
    const a = await session(backend);
    await expect(a.client.subscribeResource({ uri: "test://nope" })).rejects.toMatchObject({
      code: RESOURCE_NOT_FOUND,
    });
    const error = await a.client.subscribeResource({ uri: "test://a" }).catch((e) => e);
    expect(error.code).toBe(-32603);
    expect(error.message).not.toContain("/var/secret");
    expect(backend.subscribed.size).toBe(0);
  });

  it("holds maxSubscriptionsPerSession, also against concurrent subscribes", async () => {
    const backend = createPlainBackend({
      name: "many",
      version: "1",
      subscriptions: {
        // A slow backend: every subscribe below is in flight at once.
        subscribe: () => new Promise((resolve) => setTimeout(resolve, 20)),
        unsubscribe: () => {},
      },
      resourceTemplates: [
        { uriTemplate: "test://item/{id}", name: "item", read: (uri) => ({ contents: [{ uri, text: "" }] }) },
      ],
    });
    const connection = await connect(backend, { server: { maxSubscriptionsPerSession: 3 } });
    open.push(connection);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => connection.client.subscribeResource({ uri: `test://item/${i}` })),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(3);
    const refused = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({
      code: -32600,
      message: expect.stringContaining("Too many subscriptions: this session holds 3"),
    });
    // Subscribing again to a URI it holds is no new subscription; after an unsubscribe there is room.
    await connection.client.subscribeResource({ uri: "test://item/0" });
    await connection.client.unsubscribeResource({ uri: "test://item/0" });
    await connection.client.subscribeResource({ uri: "test://item/7" });
  });

  it("does not advertise subscribe without subscribe/unsubscribe on the backend", async () => {
    const plain = watchedBackend();
    const { subscribe: _s, unsubscribe: _u, ...withoutHooks } = plain;
    const a = await session(withoutHooks as McpBackend);
    expect(a.client.getServerCapabilities()?.resources?.subscribe).toBe(false);
    await expect(a.client.subscribeResource({ uri: "test://watched" })).rejects.toMatchObject({
      code: -32601,
    });
  });
});

describe("backend events", () => {
  it("sends list_changed to every session, debounced", async () => {
    const backend = watchedBackend();
    const a = await session(backend);
    const b = await session(backend);
    const gotA = collect(a);
    const gotB = collect(b);
    backend.setTools([]);
    backend.setTools([]);
    backend.setResources([]);
    await until(() => gotA.length === 2 && gotB.length === 2);
    await settle();
    for (const got of [gotA, gotB]) {
      expect(got.map((n) => n.method).sort()).toEqual([
        "notifications/resources/list_changed",
        "notifications/tools/list_changed",
      ]);
    }
  });

  it("filters log events by each session's logging/setLevel", async () => {
    const backend = watchedBackend();
    const a = await session(backend);
    const b = await session(backend);
    const gotA = collect(a);
    const gotB = collect(b);
    await a.client.setLoggingLevel("warning");
    backend.log("info", { n: 1 }, "core");
    backend.log("error", { n: 2 });
    await until(() => gotA.length === 1 && gotB.length === 2);
    await settle();
    expect(gotA).toEqual([{ method: "notifications/message", params: { level: "error", data: { n: 2 } } }]);
    expect(gotB[0]).toEqual({
      method: "notifications/message",
      params: { level: "info", data: { n: 1 }, logger: "core" },
    });
  });

  it("rejects an invalid log level with -32602 and setLevel without logging with -32601", async () => {
    const a = await session(watchedBackend());
    const error = await a.client
      .request({ method: "logging/setLevel", params: { level: "loud" as "info" } }, EmptyResultSchema)
      .catch((e) => e);
    expect(error.code).toBe(-32602);
    const quiet = await session(createPlainBackend({ name: "q", version: "1" }));
    await expect(quiet.client.setLoggingLevel("info")).rejects.toMatchObject({ code: -32601 });
  });

  it("stops listening to the backend when the session closes", async () => {
    const plain = watchedBackend();
    let listeners = 0;
    const backend: McpBackend = {
      ...plain,
      onEvent(listener: (event: BackendEvent) => void) {
        listeners++;
        const stop = plain.onEvent?.(listener);
        return () => {
          listeners--;
          stop?.();
        };
      },
    };
    const a = await session(backend);
    const b = await session(backend);
    expect(listeners).toBe(2);
    await a.close();
    expect(listeners).toBe(1);
    await b.close();
    expect(listeners).toBe(0);
    expect(() => plain.setTools([])).not.toThrow();
  });
});

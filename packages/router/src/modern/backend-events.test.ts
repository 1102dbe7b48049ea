import { describe, expect, it } from "vitest";
import { createPlainBackend } from "../shared/plain-backend.js";
import {
  changeNotificationOf,
  createBackendEventBus,
  type ServerEvent,
  serverEventOf,
} from "./backend-events.js";

describe("backend events for subscriptions/listen", () => {
  it("maps list changes and resource updates, and nothing else", () => {
    expect(serverEventOf({ type: "tools-list-changed" })).toEqual({ kind: "tools_list_changed" });
    expect(serverEventOf({ type: "prompts-list-changed" })).toEqual({ kind: "prompts_list_changed" });
    expect(serverEventOf({ type: "resources-list-changed" })).toEqual({ kind: "resources_list_changed" });
    expect(serverEventOf({ type: "resource-updated", uri: "a://b" })).toEqual({
      kind: "resource_updated",
      uri: "a://b",
    });
    expect(serverEventOf({ type: "log", level: "info", data: "x" })).toBeUndefined();
    expect(changeNotificationOf({ kind: "resource_updated", uri: "a://b" })).toEqual({
      method: "notifications/resources/updated",
      params: { uri: "a://b" },
    });
  });

  it("createBackendEventBus publishes a backend's events until closed", () => {
    const backend = createPlainBackend({ name: "b", version: "1", tools: [] });
    const events = createBackendEventBus(backend);
    const seen: ServerEvent[] = [];
    events.bus.subscribe((event) => seen.push(event));
    backend.notifyResourceUpdated("a://b");
    backend.log("info", "not a listen event");
    events.close();
    backend.notifyResourceUpdated("a://c");
    expect(seen).toEqual([{ kind: "resource_updated", uri: "a://b" }]);
  });
});

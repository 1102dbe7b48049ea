import { describe, expect, it } from "vitest";
import type { GuestEvent, RegistrySnapshot } from "../guest-runtime/guest-events.js";
import { OwnedRegistrations } from "./owned-registrations.js";

const tool = (name: string) => ({ name, inputSchema: { type: "object" as const } });

function snapshot(tools: string[], prompts: string[] = []): RegistrySnapshot {
  return {
    identity: { serverInfo: { name: "c", version: "1" }, capabilities: {} },
    tools: tools.map(tool),
    resources: [],
    resourceTemplates: [],
    prompts: prompts.map((name) => ({ name })),
  };
}

function owned() {
  const forwarded: GuestEvent[] = [];
  const registrations = new OwnedRegistrations<string>((event) => forwarded.push(event));
  const names = () => registrations.current.tools.map((t) => t.name);
  const lists = () => forwarded.map((event) => (event.type === "list-changed" ? event.list : event.type));
  return { registrations, names, lists };
}

describe("OwnedRegistrations", () => {
  it("lists the union of the live instances' tools, and withdraws an instance's own when it goes", () => {
    const { registrations, names, lists } = owned();
    registrations.adopt("a", snapshot(["echo"]));
    registrations.adopt("b", snapshot(["echo"]));
    expect(lists()).toEqual([]);
    registrations.record("a", { type: "list-changed", list: "tools", registry: snapshot(["echo", "mine"]) });
    expect(names()).toEqual(["echo", "mine"]);
    expect(registrations.ownersOf({ kind: "tool", name: "mine" })).toEqual(["a"]);
    expect(registrations.ownersOf({ kind: "tool", name: "echo" })).toBeUndefined();
    expect(registrations.ownersOf({ kind: "tool", name: "nobody" })).toBeUndefined();
    registrations.withdraw("a");
    expect(names()).toEqual(["echo"]);
    expect(lists()).toEqual(["tools", "tools"]);
  });

  it("keeps the component's start-up registrations while no instance lives", () => {
    const { registrations, names, lists } = owned();
    registrations.adopt("a", snapshot(["echo"], ["p"]));
    registrations.record("a", {
      type: "list-changed",
      list: "prompts",
      registry: snapshot(["echo"], ["p", "q"]),
    });
    registrations.withdraw("a");
    expect(names()).toEqual(["echo"]);
    expect(registrations.current.prompts.map((p) => p.name)).toEqual(["p"]);
    expect(lists()).toEqual(["prompts", "prompts"]);
    // The replacement registers the same at start-up: nothing changes for clients.
    registrations.adopt("a2", snapshot(["echo"], ["p"]));
    expect(lists()).toEqual(["prompts", "prompts"]);
  });

  it("ignores events of an instance it does not hold, and forwards a change that is not listed", () => {
    const { registrations, names, lists } = owned();
    registrations.adopt("a", snapshot(["echo"]));
    registrations.record("stranger", { type: "list-changed", list: "tools", registry: snapshot(["x"]) });
    expect(names()).toEqual(["echo"]);
    const hinted = {
      ...snapshot(["echo"]),
      cacheHints: { lists: { "tools/list": { ttlMs: 5, cacheScope: "public" as const } }, reads: {} },
    };
    registrations.record("a", { type: "registry", registry: hinted });
    expect(lists()).toEqual(["registry"]);
    // An instance that sends a list change itself is heard even when its list reads the same.
    registrations.record("a", { type: "list-changed", list: "tools", registry: hinted });
    expect(lists()).toEqual(["registry", "tools"]);
    expect(registrations.current.cacheHints?.lists["tools/list"]).toEqual({ ttlMs: 5, cacheScope: "public" });
  });
});

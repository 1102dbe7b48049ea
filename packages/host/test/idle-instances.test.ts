// ADR 0014 with real components: `policy.idleInstanceMs` stops instances no call took, the lists
// stay the start-up registrations (no instance needed to list), the next call starts one, and
// what an instance registered later goes with it, announced.
import { afterEach, describe, expect, it, vi } from "vitest";
import { type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE, firstText, HELLO, recordingRequest } from "./fixture.js";

describe.each(["worker", "in-process"] as const)("idle instances (isolation: %s)", (isolation) => {
  let component: LoadedComponent | undefined;
  afterEach(() => component?.close());

  const load = async (source: string, idleInstanceMs: number, poolSize = 1) => {
    component = await loadComponent(source, {
      cacheDirectory: CACHE,
      policy: { isolation, idleInstanceMs, poolSize },
      onHealth: () => {},
      onLog: () => {},
    });
    return component;
  };
  const call = (loaded: LoadedComponent, name: string, args: Record<string, unknown> = {}) =>
    loaded.backend.callTool(name, args, recordingRequest().request);
  const noInstance = (loaded: LoadedComponent) =>
    vi.waitFor(() => expect(loaded.memoryBytes()).toEqual([]), { timeout: 10_000, interval: 20 });

  it("lists without an instance and starts one at the next call (idleInstanceMs: 0)", async () => {
    const hello = await load(HELLO, 0);
    const tools = hello.backend.listTools().map((tool) => tool.name);
    await noInstance(hello);
    expect(hello.idleStops()).toEqual({ stopped: 1, startedOnDemand: 0 });
    expect(hello.backend.listTools().map((tool) => tool.name)).toEqual(tools);
    expect(tools).toContain("echo");

    expect(firstText(await call(hello, "echo", { text: "woken" }))).toBe("woken");
    expect(hello.idleStops().startedOnDemand).toBe(1);
    // Starting on demand is not a restart (nothing died), and it is stopped again once idle.
    expect(hello.restarts()).toBe(0);
    await noInstance(hello);
    expect(hello.idleStops()).toEqual({ stopped: 2, startedOnDemand: 1 });
  });

  it("starts as many instances as concurrent calls need, up to poolSize", async () => {
    const hello = await load(HELLO, 0, 2);
    await vi.waitFor(() => expect(hello.idleStops().stopped).toBe(2), { timeout: 10_000, interval: 20 });
    const texts = await Promise.all(
      Array.from({ length: 6 }, (_, i) => call(hello, "echo", { text: `call ${i}` })),
    );
    expect(texts.map(firstText)).toEqual(Array.from({ length: 6 }, (_, i) => `call ${i}`));
    expect(hello.idleStops().startedOnDemand).toBe(2);
    expect(hello.restarts()).toBe(0);
  });

  it("withdraws what a stopped instance registered later, with a list change", async () => {
    const fixture = await load(FIXTURE, 500);
    const changes: string[] = [];
    fixture.backend.onEvent?.((event) => {
      if (event.type.endsWith("list-changed")) changes.push(event.type);
    });
    const startUp = fixture.backend.listTools().map((tool) => tool.name);
    await call(fixture, "add_tool", { name: "owned" });
    expect(fixture.backend.listTools().map((tool) => tool.name)).toContain("owned");
    const first = firstText(await call(fixture, "owned"));

    await noInstance(fixture);
    expect(fixture.backend.listTools().map((tool) => tool.name)).toEqual(startUp);
    expect(changes).toEqual(["tools-list-changed", "tools-list-changed"]);

    // A fresh instance: its own state, so the tool registered on the stopped one is unknown.
    await expect(call(fixture, "owned")).rejects.toThrow(/no tool owned/);
    await call(fixture, "add_tool", { name: "owned" });
    const second = firstText(await call(fixture, "owned"));
    expect(second).toMatch(/^owned served by the instance started at \d+$/);
    expect(second).not.toBe(first);
    expect(fixture.restarts()).toBe(0);
  });
});

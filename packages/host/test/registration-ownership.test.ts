// ADR 0009 with a real component in a pool of two instances: a tool one instance registers after
// `serve` is that instance's — every call for it runs there — and is withdrawn, with a list
// change, when that instance dies; the component's own tools stay listed throughout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE, firstText, recordingRequest } from "./fixture.js";

describe.each(["worker", "in-process"] as const)(
  "registrations in a pool of two (isolation: %s)",
  (isolation) => {
    let component: LoadedComponent | undefined;
    const events: string[] = [];

    beforeAll(async () => {
      component = await loadComponent(FIXTURE, {
        cacheDirectory: CACHE,
        policy: { isolation, poolSize: 2 },
        onHealth: () => {},
        onLog: () => {},
      });
      component.backend.onEvent?.((event) => {
        if (event.type.endsWith("list-changed")) events.push(event.type);
      });
    });
    afterAll(() => component?.close());

    const call = (name: string, args: Record<string, unknown> = {}) =>
      (component as LoadedComponent).backend.callTool(name, args, recordingRequest().request);
    const listed = () => (component as LoadedComponent).backend.listTools().map((tool) => tool.name);

    it("routes every call for an instance's own tool to it, and withdraws the tool when it dies", async () => {
      await call("add_tool", { name: "owned" });
      expect(listed()).toContain("owned");
      expect(events).toEqual(["tools-list-changed"]);

      // Concurrent calls would spread over both instances; each must find the one that has the tool.
      const answers = await Promise.all(Array.from({ length: 6 }, () => call("owned")));
      const servers = new Set(answers.map((answer) => firstText(answer)));
      expect(servers.size).toBe(1);
      expect([...servers][0]).toMatch(/^owned served by the instance started at \d+$/);

      // The owner traps: it is replaced, and what only it could serve is no longer listed.
      await expect(call("owned", { trap: true })).rejects.toThrow(/trapped/);
      expect(listed()).not.toContain("owned");
      expect(listed()).toContain("echo");
      expect(events).toEqual(["tools-list-changed", "tools-list-changed"]);
      await expect(call("owned")).rejects.toThrow(/no tool owned/);
      expect(firstText(await call("echo", { text: "still here" }))).toBe("still here");
      expect(component?.restarts()).toBe(1);
    });
  },
);

import { describe, expect, it } from "vitest";
import { GuestError } from "./guest-error.js";
import { ComponentRegistry } from "./registry.js";

const OBJECT = '{"type":"object"}';
const server = {
  name: "t",
  version: "1",
  capabilities: { logging: false, completions: false },
};

function guestError(fn: () => void): GuestError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GuestError) return error;
    throw error;
  }
  throw new Error("expected a GuestError");
}

describe("ComponentRegistry", () => {
  it("refuses a schema that is not a valid JSON Schema, naming the tool", () => {
    const registry = new ComponentRegistry();
    const error = guestError(() =>
      registry.registerTools([
        { name: "bad", inputSchema: '{"type":"object","properties":{"a":{"type":"strnig"}}}' },
      ]),
    );
    expect(error.payload.code).toBe("invalid-params");
    expect(error.message).toMatch(/tools\[0\]\.inputSchema of tool "bad" is not a valid JSON Schema/);
  });

  it("accepts draft-07 and 2020-12 schemas", () => {
    const registry = new ComponentRegistry();
    registry.registerTools([
      { name: "a", inputSchema: '{"$schema":"http://json-schema.org/draft-07/schema#","type":"object"}' },
      {
        name: "b",
        inputSchema: '{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}',
      },
    ]);
    expect([...registry.tools.keys()]).toEqual(["a", "b"]);
  });

  it("rejects a batch with a duplicate whole, naming the duplicate", () => {
    const registry = new ComponentRegistry();
    registry.registerTools([{ name: "a", inputSchema: OBJECT }]);
    const error = guestError(() =>
      registry.registerTools([
        { name: "b", inputSchema: OBJECT },
        { name: "a", inputSchema: OBJECT },
      ]),
    );
    expect(error.message).toBe('tools[1]: duplicate tool name "a"');
    expect([...registry.tools.keys()]).toEqual(["a"]);
  });

  it("refuses malformed URIs and templates", () => {
    const registry = new ComponentRegistry();
    expect(guestError(() => registry.registerResources([{ uri: "no scheme", name: "r" }])).message).toMatch(
      /resources\[0\]\.uri: "no scheme" is not an absolute URI/,
    );
    expect(
      guestError(() => registry.registerResourceTemplates([{ uriTemplate: "files/{path}", name: "f" }]))
        .message,
    ).toMatch(/must start with a URI scheme/);
    expect(
      guestError(() => registry.registerResourceTemplates([{ uriTemplate: "x://{unclosed", name: "f" }]))
        .message,
    ).toMatch(/templates\[0\]\.uriTemplate/);
  });

  it("serves once, after register-server", () => {
    const registry = new ComponentRegistry();
    expect(guestError(() => registry.serve()).message).toMatch(/register-server before serve/);
    registry.registerServer(server);
    registry.serve();
    expect(guestError(() => registry.serve()).message).toBe("serve was already called");
    expect(guestError(() => registry.registerServer(server)).message).toBe(
      "register-server was already called",
    );
  });

  it("removes entries atomically: an unknown or repeated key removes nothing", () => {
    const registry = new ComponentRegistry();
    registry.registerServer(server);
    registry.registerTools([
      { name: "a", inputSchema: OBJECT },
      { name: "b", inputSchema: OBJECT },
    ]);
    const unknown = guestError(() => registry.unregister("tools", ["a", "nope"]));
    expect(unknown.payload.code).toBe("invalid-params");
    expect(unknown.message).toBe('tools[1]: tool name "nope" is not registered');
    expect(guestError(() => registry.unregister("tools", ["a", "a"])).message).toBe(
      'tools[1]: tool name "a" is given twice',
    );
    expect([...registry.tools.keys()]).toEqual(["a", "b"]);
    registry.unregister("tools", ["a"]);
    expect(registry.snapshot().tools.map((t) => t.name)).toEqual(["b"]);
    // A removed name can be registered again.
    registry.registerTools([{ name: "a", inputSchema: OBJECT }]);
    expect(registry.snapshot().tools.map((t) => t.name)).toEqual(["b", "a"]);
  });

  it("keeps cache hints per list and per resource read, and forgets a removed resource's", () => {
    const registry = new ComponentRegistry();
    registry.registerServer(server);
    registry.registerResources([{ uri: "test://r", name: "r" }]);
    registry.setCacheHint({ tag: "tools-list" }, { ttlMs: 60_000n, scope: "public" });
    registry.setCacheHint({ tag: "resource-read", val: "test://r" }, { ttlMs: 5n, scope: "private" });
    expect(registry.snapshot().cacheHints).toEqual({
      lists: { "tools/list": { ttlMs: 60_000, cacheScope: "public" } },
      reads: { "test://r": { ttlMs: 5, cacheScope: "private" } },
    });
    registry.setCacheHint({ tag: "tools-list" }, undefined);
    registry.unregister("resources", ["test://r"]);
    expect(registry.snapshot().cacheHints).toEqual({ lists: {}, reads: {} });
  });

  it("sets a tool's task support as execution.taskSupport, and refuses an unknown tool", () => {
    const registry = new ComponentRegistry();
    registry.registerServer(server);
    registry.registerTools([{ name: "a", inputSchema: OBJECT }]);
    registry.setTaskSupport("a", "required");
    expect(registry.snapshot().tools[0]?.execution).toEqual({ taskSupport: "required" });
    registry.setTaskSupport("a", "forbidden");
    expect(registry.snapshot().tools[0]).not.toHaveProperty("execution");
    expect(guestError(() => registry.setTaskSupport("b", "optional")).message).toBe(
      'tool name "b" is not registered',
    );
  });

  it("refuses a cache hint for an unknown resource or a TTL JSON cannot carry", () => {
    const registry = new ComponentRegistry();
    registry.registerServer(server);
    expect(
      guestError(() =>
        registry.setCacheHint({ tag: "resource-read", val: "test://x" }, { ttlMs: 1n, scope: "public" }),
      ).message,
    ).toBe('resource URI "test://x" is not registered');
    expect(
      guestError(() => registry.setCacheHint({ tag: "prompts-list" }, { ttlMs: 2n ** 60n, scope: "public" }))
        .message,
    ).toMatch(/out of range/);
  });
});

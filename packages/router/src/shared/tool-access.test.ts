import { describe, expect, it } from "vitest";
import { anyPattern, toolAccess } from "./tool-access.js";

const caller = (scopes: string[]) => ({ token: "t", clientId: "c", scopes });

describe("toolAccess", () => {
  const access = toolAccess({
    "notes__*": ["notes:read"],
    notes__add: ["notes:write"],
    "*.admin": ["admin"],
  });

  it("adds the scopes of every matching pattern and leaves unmatched tools open", () => {
    expect(access.missingScopes("notes__add", caller([]))).toEqual(["notes:read", "notes:write"]);
    expect(access.missingScopes("notes__add", caller(["notes:read"]))).toEqual(["notes:write"]);
    expect(access.missingScopes("notes__list", caller(["notes:read"]))).toEqual([]);
    expect(access.missingScopes("echo", undefined)).toEqual([]);
  });

  it("treats only * as special, and a caller without authInfo as holding no scope", () => {
    expect(access.missingScopes("x.admin", undefined)).toEqual(["admin"]);
    expect(access.missingScopes("xadmin", undefined)).toEqual([]);
    expect(access.missingScopes("notes_x", undefined)).toEqual([]);
  });

  it("refuses scopes that are not non-empty strings", () => {
    expect(() => toolAccess({ a: [""] })).toThrow(/toolScopes\["a"\]/);
    expect(() => toolAccess({ a: "s" as unknown as string[] })).toThrow(TypeError);
  });

  it("anyPattern matches names against several patterns", () => {
    const test = anyPattern(["echo", "debug__*"]);
    expect([test("echo"), test("debug__x"), test("echo2")]).toEqual([true, true, false]);
  });
});

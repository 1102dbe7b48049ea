import { describe, expect, it } from "vitest";
import { resolveBrowserPolicy } from "./policy.js";

describe("resolveBrowserPolicy", () => {
  it("denies everything by default and normalises origins", () => {
    const policy = resolveBrowserPolicy({ allowedOrigins: ["https://API.example.com/path"] });
    expect(policy).toMatchObject({ directories: {}, env: {}, deadlineMs: 30_000 });
    expect(policy.allowedOrigins).toEqual(["https://api.example.com"]);
  });
  it("refuses relative directory paths and non-positive numbers", () => {
    expect(() => resolveBrowserPolicy({ directories: { data: { dir: {} } } })).toThrow(/absolute/);
    expect(() => resolveBrowserPolicy({ deadlineMs: 0 })).toThrow(/positive/);
  });
});

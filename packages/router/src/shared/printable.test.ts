import { describe, expect, it } from "vitest";
import { printable, printableData } from "./printable.js";

describe("printable", () => {
  it("escapes what could forge or split a log line", () => {
    expect(printable("a\nmcp-compositor: ready in 1 ms")).toBe("a\\nmcp-compositor: ready in 1 ms");
    expect(printable("\r\t\u0000\u001b[31m\u007f\u0085\u2028\u202e")).toBe(
      "\\r\\t\\u0000\\u001b[31m\\u007f\\u0085\\u2028\\u202e",
    );
  });

  it("keeps ordinary text, including non-ASCII, as it is", () => {
    expect(printable("tools/call — grüße 😀")).toBe("tools/call — grüße 😀");
  });

  it("bounds the length and says how much was left out", () => {
    const out = printable("x".repeat(1_000_000));
    expect(out).toBe(`${"x".repeat(200)}… (999800 more characters)`);
    expect(printable("abcdef", 3)).toBe("abc… (3 more characters)");
  });

  it("never keeps half of a surrogate pair", () => {
    expect(printable("ab😀cd", 3)).toBe("ab… (4 more characters)");
  });
});

describe("printableData", () => {
  it("bounds every string, member count and depth of a JSON value", () => {
    const data = printableData({
      mismatch: { header: "a\nb", body: "m".repeat(10_000) },
      list: Array.from({ length: 50 }, (_, i) => i),
      deep: { a: { b: { c: { d: { e: 1 } } } } },
    }) as Record<string, unknown>;
    expect(data.mismatch).toEqual({ header: "a\\nb", body: `${"m".repeat(200)}… (9800 more characters)` });
    expect(data.list).toHaveLength(20);
    expect(data.deep).toEqual({ a: { b: {} } });
  });
});

import { describe, expect, it } from "vitest";
import { HostError } from "./errors.js";
import { INPUT_KEY_PATTERN, inputAnswerToWit, inputRequestToMcp, rootsToWit } from "./input.js";

describe("input requests", () => {
  it("turns each kind into the MCP request it stands for", () => {
    expect(inputRequestToMcp({ tag: "roots" })).toEqual({ method: "roots/list", params: {} });
    expect(
      inputRequestToMcp({
        tag: "elicitation",
        val: {
          message: "Name?",
          requestedSchema: '{"type":"object","properties":{"name":{"type":"string"}}}',
        },
      }),
    ).toEqual({
      method: "elicitation/create",
      params: {
        message: "Name?",
        requestedSchema: { type: "object", properties: { name: { type: "string" } } },
      },
    });
    expect(
      inputRequestToMcp({
        tag: "sampling",
        val: {
          messages: [{ role: "user", content: { tag: "text", val: { text: "Hi" } } }],
          maxTokens: 10,
          stopSequences: [],
        },
      }).method,
    ).toBe("sampling/createMessage");
  });

  it("names the field of an invalid request", () => {
    expect(() =>
      inputRequestToMcp(
        { tag: "elicitation", val: { message: "x", requestedSchema: "[]" } },
        "requests[2].request",
      ),
    ).toThrow(HostError);
    expect(() => inputRequestToMcp({ tag: "bogus" } as never)).toThrow(/unknown input request "bogus"/);
  });

  it("keys are short identifiers", () => {
    for (const key of ["user_name", "a", "step-1.b", "x".repeat(64)])
      expect(INPUT_KEY_PATTERN.test(key)).toBe(true);
    for (const key of ["", "x".repeat(65), "a b", "ключ", "a/b"])
      expect(INPUT_KEY_PATTERN.test(key)).toBe(false);
  });
});

describe("input answers", () => {
  it("converts roots, keeping names where given", () => {
    expect(rootsToWit({ roots: [{ uri: "file:///a", name: "A" }, { uri: "file:///b" }] })).toEqual([
      { uri: "file:///a", name: "A" },
      { uri: "file:///b" },
    ]);
    expect(inputAnswerToWit("roots", { roots: [] })).toEqual({ tag: "roots", val: [] });
  });

  it("converts elicitation and sampling answers", () => {
    expect(inputAnswerToWit("elicitation", { action: "accept", content: { name: "Alice" } })).toEqual({
      tag: "elicitation",
      val: { action: "accept", content: '{"name":"Alice"}' },
    });
    expect(
      inputAnswerToWit("sampling", {
        role: "assistant",
        content: { type: "text", text: "Paris" },
        model: "m",
      }),
    ).toMatchObject({ tag: "sampling", val: { model: "m", role: "assistant" } });
  });

  it("refuses a roots answer without a roots list", () => {
    expect(() => rootsToWit({ nope: 1 }, "answer")).toThrow(/answer\.roots/);
  });
});

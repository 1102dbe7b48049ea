import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { requestContextToWit } from "./context.js";
import { toolResultToMcp } from "./results.js";
import { guestErrorFrom, guestErrorToMcp, RESOURCE_NOT_FOUND, WIT_ERROR_TO_JSONRPC } from "./wire-errors.js";

describe("guest errors", () => {
  it("maps WIT codes to JSON-RPC codes and keeps the message", () => {
    const error = guestErrorToMcp({
      code: "resource-not-found",
      message: "no such note",
      data: '{"uri":"n://1"}',
    });
    expect(error).toBeInstanceOf(McpError);
    expect(error.code).toBe(RESOURCE_NOT_FOUND);
    expect(error.message).toContain("no such note");
    expect(error.data).toEqual({ code: "resource-not-found", detail: { uri: "n://1" } });
    expect(guestErrorToMcp({ code: "invalid-params", message: "x" }).code).toBe(ErrorCode.InvalidParams);
  });

  it("uses the SDK's JSON-RPC codes, written out so that only guestErrorToMcp loads the SDK", () => {
    expect(WIT_ERROR_TO_JSONRPC).toEqual({
      "parse-error": ErrorCode.ParseError,
      "invalid-request": ErrorCode.InvalidRequest,
      "method-not-found": ErrorCode.MethodNotFound,
      "invalid-params": ErrorCode.InvalidParams,
      "internal-error": ErrorCode.InternalError,
      "resource-not-found": RESOURCE_NOT_FOUND,
      "unsupported-operation": ErrorCode.MethodNotFound,
      unauthorized: ErrorCode.InvalidRequest,
      timeout: ErrorCode.RequestTimeout,
      cancelled: ErrorCode.RequestTimeout,
    });
  });

  it("recognises a jco ComponentError payload and nothing else", () => {
    expect(guestErrorFrom({ payload: { code: "timeout", message: "late" } })).toEqual({
      code: "timeout",
      message: "late",
    });
    expect(guestErrorFrom(new Error("trap"))).toBeUndefined();
    expect(guestErrorFrom({ payload: { code: "bogus", message: "x" } })).toBeUndefined();
    expect(guestErrorFrom(null)).toBeUndefined();
  });
});

describe("request context and results", () => {
  it("carries the request id as JSON text and the progress token as a variant", () => {
    expect(requestContextToWit({ requestId: "a", sessionId: "s", meta: { progressToken: 5 } })).toEqual({
      requestId: '"a"',
      sessionId: "s",
      progressToken: { tag: "integer", val: 5n },
      meta: '{"progressToken":5}',
    });
  });

  it("parses structured content and only sets isError when true", () => {
    expect(toolResultToMcp({ content: [], structuredContent: '{"sum":3}', isError: false })).toEqual({
      content: [],
      structuredContent: { sum: 3 },
    });
    expect(() => toolResultToMcp({ content: [], structuredContent: "3", isError: false })).toThrowError(
      /structuredContent: expected a JSON object/,
    );
  });
});

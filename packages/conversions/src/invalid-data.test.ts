import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as A from "./arbitraries.js";
import { serverCapabilitiesToMcp } from "./capabilities.js";
import { initializeResultFromWit } from "./client.js";
import { completionReferenceFromWit, completionResultToMcp, pairsToRecord } from "./completion.js";
import { contentBlockToMcp } from "./content.js";
import { requestContextFromWit } from "./context.js";
import { promptToMcp, resourceToMcp, toolToMcp } from "./definitions.js";
import { elicitationRequestToMcp, elicitationResultFromWit } from "./elicitation.js";
import { HostError } from "./errors.js";
import { logToMcp, notificationToMcp, progressToMcp } from "./notifications.js";
import { promptResultToMcp, readResourceResultToMcp, toolResultToMcp } from "./results.js";
import { samplingRequestToMcp, samplingResultToWit } from "./sampling.js";
import { serverInfoToMcp } from "./server-info.js";

/** Runs `convert` and returns the HostError it threw (failing the test if it threw none). */
function hostError(convert: () => unknown): HostError {
  try {
    convert();
  } catch (error) {
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).code).toBe("WIT_CONVERSION");
    return error as HostError;
  }
  throw new Error("expected a WIT_CONVERSION host error");
}

const bad = <T>(value: unknown) => value as T;

describe("invalid guest data names the field", () => {
  it.each([
    [
      "bad JSON text",
      () => toolToMcp({ name: "t", inputSchema: "{nope" }, "tools[2]"),
      "tools[2].inputSchema",
    ],
    [
      "structured content that is not an object",
      () => toolResultToMcp({ content: [], structuredContent: "[1]", isError: false }),
      "structuredContent",
    ],
    ["a missing required list", () => toolResultToMcp(bad({ isError: false })), "content"],
    [
      "a missing text inside content",
      () => toolResultToMcp({ content: [bad({ tag: "text", val: {} })], isError: false }),
      "content[0].text",
    ],
    [
      "an unknown content variant",
      () => readResourceResultToMcp({ contents: [bad({ tag: "video", val: { uri: "a:b" } })] }),
      "contents[0].tag",
    ],
    [
      "a wrong content variant for sampling",
      () =>
        samplingRequestToMcp({
          messages: [{ role: "user", content: { tag: "resource-link", val: { uri: "a:b", name: "n" } } }],
          maxTokens: 10,
          stopSequences: [],
        }),
      "request.messages[0].content.tag",
    ],
    [
      "an annotation priority out of range",
      () => contentBlockToMcp({ tag: "text", val: { text: "x", annotations: { priority: 2 } } }, "block"),
      "block.annotations.priority",
    ],
    [
      "a bad role",
      () =>
        promptResultToMcp(
          bad({ messages: [{ role: "robot", content: { tag: "text", val: { text: "" } } }] }),
        ),
      "messages[0].role",
    ],
    [
      "an empty prompt argument name",
      () => promptToMcp({ name: "p", arguments: [{ name: "", required: true }] }, "prompts[0]"),
      "prompts[0].arguments[0].name",
    ],
    [
      "a relative resource URI",
      () => resourceToMcp({ uri: "relative", name: "r" }, "resources[1]"),
      "resources[1].uri",
    ],
    ["a size past 2^53", () => resourceToMcp({ uri: "a:b", name: "r", size: 2n ** 60n }, "r"), "r.size"],
    [
      "a non-integer maxTokens",
      () => samplingRequestToMcp({ messages: [], maxTokens: 1.5, stopSequences: [] }),
      "request.maxTokens",
    ],
    [
      "elicitation schema without properties",
      () => elicitationRequestToMcp({ message: "m", requestedSchema: '{"type":"object"}' }),
      "request.requestedSchema",
    ],
    [
      "content with a decline",
      () => elicitationResultFromWit({ action: "decline", content: "{}" }),
      "result.content",
    ],
    [
      "an unknown completion reference",
      () => completionReferenceFromWit(bad({ tag: "tool", val: "x" })),
      "reference.tag",
    ],
    [
      "a negative completion total",
      () => completionResultToMcp({ values: [], total: -1, hasMore: false }),
      "completion.total",
    ],
    ["a pair that is not a pair", () => pairsToRecord(bad([["a", 1]]), "arguments"), "arguments[0][1]"],
    [
      "a custom notification outside notifications/",
      () => notificationToMcp({ tag: "custom", val: { method: "tools/call" } }),
      "notification.val.method",
    ],
    ["bad log data", () => logToMcp("info", "m", "{"), "log.data"],
    ["an unknown log level", () => logToMcp(bad("loud"), "m", undefined), "log.level"],
    [
      "a progress token past 2^53",
      () => progressToMcp({ tag: "integer", val: 2n ** 60n }, 1, undefined, undefined),
      "progressToken.val",
    ],
    [
      "a non-finite progress",
      () => progressToMcp({ tag: "string", val: "t" }, Number.NaN, undefined, undefined),
      "progress",
    ],
    [
      "bad experimental capabilities",
      () => serverCapabilitiesToMcp({ logging: false, completions: false, experimental: "[]" }),
      "capabilities.experimental",
    ],
    [
      "a missing capability flag",
      () => serverInfoToMcp(bad({ name: "n", version: "1", capabilities: { completions: false } })),
      "capabilities.logging",
    ],
    [
      "a missing server name",
      () =>
        initializeResultFromWit(
          bad({ protocolVersion: "x", serverInfo: { version: "1" }, capabilities: {} }),
        ),
      "initializeResult.serverInfo.name",
    ],
    ["a request id that is not JSON", () => requestContextFromWit({ requestId: "abc" }), "context.requestId"],
    [
      "a client answer with two sampling blocks",
      () =>
        samplingResultToWit({
          role: "assistant",
          model: "m",
          content: [
            { type: "text", text: "a" },
            { type: "text", text: "b" },
          ],
        }),
      "result.content",
    ],
  ])("%s", (_name, convert, field) => {
    const error = hostError(convert);
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });
});

describe("a guest value missing any required field", () => {
  /** Deletes one required key of a generated value and expects the error to name exactly it. */
  function missingKeyNamed<T extends object>(
    arbitrary: fc.Arbitrary<T>,
    required: (keyof T & string)[],
    convert: (value: T) => unknown,
    prefix: string,
  ): void {
    fc.assert(
      fc.property(arbitrary, fc.constantFrom(...required), (value, key) => {
        const broken = { ...value } as Record<string, unknown>;
        delete broken[key];
        expect(hostError(() => convert(broken as T)).field).toBe(prefix ? `${prefix}.${key}` : key);
      }),
    );
  }

  it("is refused with the field's name, for every converter taking guest records", () => {
    missingKeyNamed(A.toolDefinition, ["name", "inputSchema"], (t) => toolToMcp(t, "tools[0]"), "tools[0]");
    missingKeyNamed(A.toolResult, ["content", "isError"], (r) => toolResultToMcp(r), "");
    missingKeyNamed(A.promptResult, ["messages"], (r) => promptResultToMcp(r), "");
    missingKeyNamed(
      A.samplingRequest,
      ["messages", "maxTokens", "stopSequences"],
      (r) => samplingRequestToMcp(r),
      "request",
    );
    missingKeyNamed(A.completionResult, ["values", "hasMore"], (r) => completionResultToMcp(r), "completion");
    missingKeyNamed(
      A.elicitationRequest,
      ["message", "requestedSchema"],
      (r) => elicitationRequestToMcp(r),
      "request",
    );
    missingKeyNamed(
      A.promptDefinition,
      ["name", "arguments"],
      (p) => promptToMcp(p, "prompts[0]"),
      "prompts[0]",
    );
  });
});

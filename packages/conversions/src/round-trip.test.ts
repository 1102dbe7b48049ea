import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as A from "./arbitraries.js";
import {
  clientCapabilitiesFromWit,
  clientCapabilitiesToWit,
  serverCapabilitiesFromMcp,
  serverCapabilitiesToMcp,
} from "./capabilities.js";
import { initializeResultFromWit, initializeResultToWit } from "./client.js";
import {
  completionArgumentFromWit,
  completionArgumentToWit,
  completionReferenceFromWit,
  completionReferenceToWit,
  completionResultFromMcp,
  completionResultToMcp,
  pairsToRecord,
  recordToPairs,
} from "./completion.js";
import {
  contentBlockFromMcp,
  contentBlockToMcp,
  promptMessageFromMcp,
  promptMessageToMcp,
  resourceContentsFromMcp,
  resourceContentsToMcp,
} from "./content.js";
import {
  progressTokenFromWit,
  progressTokenToWit,
  requestContextFromWit,
  requestContextToWit,
} from "./context.js";
import {
  implementationFromMcp,
  implementationToMcp,
  promptFromMcp,
  promptToMcp,
  resourceFromMcp,
  resourceTemplateFromMcp,
  resourceTemplateToMcp,
  resourceToMcp,
  toolFromMcp,
  toolToMcp,
} from "./definitions.js";
import {
  elicitationRequestFromMcp,
  elicitationRequestToMcp,
  elicitationResultFromWit,
  elicitationResultToWit,
} from "./elicitation.js";
import {
  logFromMcp,
  logToMcp,
  notificationFromMcp,
  notificationToMcp,
  progressFromMcp,
  progressToMcp,
} from "./notifications.js";
import {
  promptResultFromMcp,
  promptResultToMcp,
  readResourceResultFromMcp,
  readResourceResultToMcp,
  toolResultFromMcp,
  toolResultToMcp,
} from "./results.js";
import {
  samplingRequestFromMcp,
  samplingRequestToMcp,
  samplingResultFromWit,
  samplingResultToWit,
} from "./sampling.js";
import { serverInfoFromMcp, serverInfoToMcp } from "./server-info.js";
import { guestErrorToMcp, mcpErrorToGuest } from "./wire-errors.js";

/** Asserts `back(to(value))` equals `value` for every generated WIT value. */
function roundTrips<T, M>(arbitrary: fc.Arbitrary<T>, to: (value: T) => M, back: (mcp: M) => T): void {
  fc.assert(
    fc.property(arbitrary, (value) => {
      expect(A.normalise(back(to(value)))).toEqual(A.normalise(value));
    }),
  );
}

describe("WIT → MCP → WIT round trips", () => {
  it("content", () => {
    roundTrips(
      A.contentBlock,
      (b) => contentBlockToMcp(b),
      (m) => contentBlockFromMcp(m, "block"),
    );
    roundTrips(
      A.resourceContents,
      (c) => resourceContentsToMcp(c),
      (m) => resourceContentsFromMcp(m, "c"),
    );
    roundTrips(
      A.promptMessage,
      (p) => promptMessageToMcp(p),
      (m) => promptMessageFromMcp(m, "m"),
    );
  });

  it("definitions", () => {
    roundTrips(A.toolDefinition, (t) => toolToMcp(t, "tool"), toolFromMcp);
    roundTrips(
      A.resourceDefinition,
      (r) => resourceToMcp(r, "resource"),
      (m) => resourceFromMcp(m),
    );
    roundTrips(A.resourceTemplate, (t) => resourceTemplateToMcp(t, "template"), resourceTemplateFromMcp);
    roundTrips(A.promptDefinition, (p) => promptToMcp(p, "prompt"), promptFromMcp);
    roundTrips(A.implementation, (i) => implementationToMcp(i), implementationFromMcp);
  });

  it("handler results", () => {
    roundTrips(
      A.toolResult,
      (r) => toolResultToMcp(r),
      (m) => toolResultFromMcp(m),
    );
    roundTrips(
      A.readResourceResult,
      (r) => readResourceResultToMcp(r),
      (m) => readResourceResultFromMcp(m),
    );
    roundTrips(
      A.promptResult,
      (r) => promptResultToMcp(r),
      (m) => promptResultFromMcp(m),
    );
  });

  it("completion reference, argument, result and context pairs", () => {
    roundTrips(A.completionReference, (r) => completionReferenceFromWit(r), completionReferenceToWit);
    roundTrips(A.completionArgument, (a) => completionArgumentFromWit(a), completionArgumentToWit);
    roundTrips(A.completionResult, (r) => completionResultToMcp(r), completionResultFromMcp);
    // Pairs are a map: integer-like keys come back first, as JavaScript orders them.
    const byKey = (pairs: [string, string][]) => [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    roundTrips(
      fc
        .uniqueArray(fc.tuple(fc.string(), fc.string()), { selector: ([key]) => key, maxLength: 4 })
        .map(byKey),
      (pairs) => pairsToRecord(pairs, "pairs"),
      (record) => byKey(recordToPairs(record)),
    );
    expect(Object.getPrototypeOf(pairsToRecord([["__proto__", "x"]], "p"))).toBe(Object.prototype);
  });

  it("elicitation request and result", () => {
    roundTrips(A.elicitationRequest, (r) => elicitationRequestToMcp(r), elicitationRequestFromMcp);
    roundTrips(
      A.elicitationResult,
      (r) => elicitationResultFromWit(r),
      (m) => elicitationResultToWit(m),
    );
  });

  it("sampling request and result", () => {
    roundTrips(
      A.samplingRequest,
      (r) => samplingRequestToMcp(r),
      (m) => samplingRequestFromMcp(m),
    );
    roundTrips(
      A.samplingResult,
      (r) => samplingResultFromWit(r),
      (m) => samplingResultToWit(m),
    );
  });

  it("capabilities, server info and the client's initialize result", () => {
    roundTrips(A.serverCapabilities, (c) => serverCapabilitiesToMcp(c), serverCapabilitiesFromMcp);
    roundTrips(A.clientCapabilities, (c) => clientCapabilitiesFromWit(c), clientCapabilitiesToWit);
    roundTrips(A.serverInfo, (i) => serverInfoToMcp(i), serverInfoFromMcp);
    roundTrips(A.initializeResult, (r) => initializeResultFromWit(r), initializeResultToWit);
  });

  it("notifications, log records and progress", () => {
    roundTrips(A.notification, (n) => notificationToMcp(n), notificationFromMcp);
    roundTrips(
      fc.record({ level: A.logLevel, message: fc.string(), data: fc.option(A.jsonText, { nil: undefined }) }),
      (l) => logToMcp(l.level, l.message, l.data),
      logFromMcp,
    );
    roundTrips(
      fc.record({
        token: A.progressToken,
        progress: fc.double({ noNaN: true, noDefaultInfinity: true }),
        total: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
        message: fc.option(fc.string(), { nil: undefined }),
      }),
      (p) => progressToMcp(p.token, p.progress, p.total, p.message),
      progressFromMcp,
    );
  });

  it("request context, progress token and errors", () => {
    roundTrips(A.requestContext, (c) => requestContextFromWit(c), requestContextToWit);
    roundTrips(
      A.progressToken,
      progressTokenFromWit,
      (t) => progressTokenToWit(t) as ReturnType<typeof progressTokenToWit> & object,
    );
    roundTrips(A.guestError, guestErrorToMcp, mcpErrorToGuest);
  });
});

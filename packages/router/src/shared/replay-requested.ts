/**
 * The reason a request's `AbortSignal` is aborted with when the request is answered without the
 * backend's result, which it will ask for again (an MCP 2026-07-28 `input_required` answer: the
 * client retries with the answers, and the call runs again from the start). It is not a
 * cancellation: the backend should let its work end without losing state — a component host
 * keeps the instance and lets the guest unwind, discarding what it still does — where a plain
 * abort lets it stop the work by any means. The client request that caused it rejects with the
 * same reason.
 */
export class ReplayRequested extends Error {
  constructor(message = "the request is answered without this call's result; it runs again") {
    super(`[@wasi-mcp/router] ${message}`);
    this.name = "ReplayRequested";
  }
}

/** Whether `reason` (an abort reason or a rejection) is a {@link ReplayRequested} (also across copies of this package). */
export function isReplayRequested(reason: unknown): reason is ReplayRequested {
  return reason instanceof ReplayRequested || (reason instanceof Error && reason.name === "ReplayRequested");
}

/** Whether `signal` was aborted with a {@link ReplayRequested} reason. */
export function replayRequested(signal: AbortSignal): boolean {
  return signal.aborted && isReplayRequested(signal.reason);
}

import type { ClientBoundRequest } from "../shared/backend.js";

/**
 * Thrown by the 2026 face's replay (`InputReplay.answer`) when the request being handled has no
 * answer yet for the client request its backend makes (MRTR by deterministic replay, ADR 0005 §3).
 * It never reaches the backend: `withInputReplay` turns it into the request's signal aborted with
 * a `ReplayRequested` reason, which the backend's client request rejects with.
 */
export class InputRequiredSignal extends Error {
  /** The `inputRequests` key the client answers under. */
  readonly key: string;
  /** The request the client is asked to fulfil. */
  readonly request: ClientBoundRequest;

  constructor(key: string, request: ClientBoundRequest) {
    super(`[@wasi-mcp/router] input required: ${request.method} (${key})`);
    this.name = "InputRequiredSignal";
    this.key = key;
    this.request = request;
  }
}

/** Whether `error` is an {@link InputRequiredSignal} (also across copies of this package). */
export function isInputRequiredSignal(error: unknown): error is InputRequiredSignal {
  return (
    error instanceof InputRequiredSignal || (error instanceof Error && error.name === "InputRequiredSignal")
  );
}

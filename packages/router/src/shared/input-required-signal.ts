import type { ClientBoundRequest } from "./backend.js";

/**
 * Thrown by a backend's `requestClient` on the 2026 face when the request being handled has no
 * answer yet for the client request it makes (MRTR by deterministic replay, ADR 0005 §3). It is
 * control flow, not a failure: it stops the backend call, and the face answers the request with
 * `input_required`. A backend must let it propagate; a host ends the call it stops like a
 * cancellation (the guest is never resumed with a fake answer).
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

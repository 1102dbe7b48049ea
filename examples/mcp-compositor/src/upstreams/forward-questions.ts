import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { type BackendRequest, type ClientBoundRequest, isReplayRequested } from "@wasi-mcp/router";
import type { UpstreamQuestion } from "./upstream-session.js";

/** One call in flight to an upstream, on behalf of one client request. */
export interface InFlightCall {
  request: BackendRequest;
  /** Aborted by the client's cancellation, or when the client's answer is needed first (MRTR). */
  signal: AbortSignal;
  /** Rethrows the replay reason (MRTR) when that is why the call ended; otherwise returns. */
  rethrowInputRequired(): void;
}

/**
 * The calls in flight to one upstream, so that the server→client requests it sends (sampling,
 * elicitation, roots) reach the client whose request caused them. The MRTR part of the gateway
 * lives here: on the 2026 face a question with no answer yet aborts the request's signal and
 * rejects `requestClient` with the router's `ReplayRequested` reason; the upstream call is then
 * cancelled and the reason propagates, so the request is answered `input_required` and the
 * client's retry runs the upstream call again, answered by replay. Both eras of upstream ask
 * through here: a 2025 upstream with a request, a 2026 upstream with `input_required`, which the
 * v2 client fulfils through {@link InFlightCalls.ask} and retries with the answer.
 */
export class InFlightCalls {
  readonly #calls: { request: BackendRequest; controller: AbortController; signal?: Error }[] = [];

  constructor(private readonly owner: string) {}

  begin(request: BackendRequest): InFlightCall & { end(): void } {
    const controller = new AbortController();
    const entry: { request: BackendRequest; controller: AbortController; signal?: Error } = {
      request,
      controller,
    };
    this.#calls.push(entry);
    return {
      request,
      signal: AbortSignal.any([request.signal, controller.signal]),
      rethrowInputRequired() {
        if (entry.signal) throw entry.signal;
      },
      end: () => {
        const at = this.#calls.indexOf(entry);
        if (at >= 0) this.#calls.splice(at, 1);
      },
    };
  }

  /**
   * Answers one of the upstream's questions (a 2025 server→client request, or an entry of a 2026
   * `input_required` that the v2 client fulfils) by asking the client of the call it belongs to.
   */
  async ask(message: UpstreamQuestion): Promise<unknown> {
    const entry = this.#route();
    if (!entry.request.requestClient) {
      throw new McpError(ErrorCode.MethodNotFound, `the client cannot answer ${message.method} here`);
    }
    try {
      return await entry.request.requestClient(message as ClientBoundRequest);
    } catch (error) {
      if (isReplayRequested(error)) {
        entry.signal = error;
        entry.controller.abort(error);
      }
      throw error;
    }
  }

  /**
   * The call a server→client request belongs to. Neither stdio nor HTTP says which of the
   * upstream's calls a request relates to, so it goes to the client only when every call in
   * flight is that client's (the newest one's request); otherwise it is refused rather than sent
   * to a client that might not be the one asked for.
   */
  #route() {
    const newest = this.#calls.at(-1);
    if (!newest) {
      throw new McpError(
        ErrorCode.InvalidRequest,
        `upstream "${this.owner}": no call in flight to ask a client for`,
      );
    }
    const session = newest.request.sessionId;
    if (session === undefined || this.#calls.some((call) => call.request.sessionId !== session)) {
      if (this.#calls.length > 1) {
        throw new McpError(
          ErrorCode.InvalidRequest,
          `upstream "${this.owner}": calls of several clients are in flight; cannot tell whom to ask`,
        );
      }
    }
    return newest;
  }
}

import { type ClientCapabilities, ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import {
  type InputRequiredResult,
  inputRequired,
  ProtocolError,
  ProtocolErrorCode,
  type ServerContext,
} from "@modelcontextprotocol/server";
import type { ClientBoundRequest } from "../shared/backend.js";
import { printable } from "../shared/printable.js";
import type { AnswerSchema } from "../shared/route-table.js";
import { InputRequiredSignal } from "./input-required-signal.js";
import { isReplayState, paramsDigest, type RecordedAnswer, type ReplayState } from "./request-state.js";

/** The frozen message of the spec's error for a `requestState` that fails verification. */
export const INVALID_REQUEST_STATE = "Invalid or expired requestState";

/**
 * Deterministic replay of one 2026-07-28 request's client requests (ADR 0005 §3). The k-th
 * client request the backend makes is answered from the k-th recorded answer (the verified
 * `requestState`), else from the retry's `inputResponses[key]`; otherwise it is recorded as
 * pending and an {@link InputRequiredSignal} stops the backend. What is pending when the backend
 * call ends becomes the `input_required` result, with every answer so far sealed into
 * `requestState`.
 */
export class InputReplay {
  readonly #digest: string;
  readonly #recorded: (RecordedAnswer | null)[];
  #responses: Record<string, unknown>;
  readonly #pending = new Map<string, ClientBoundRequest>();
  #refused: Record<string, Record<string, unknown>> | undefined;
  #refusal: Error | undefined;
  #next = 0;

  private constructor(
    digest: string,
    recorded: (RecordedAnswer | null)[],
    responses: Record<string, unknown>,
  ) {
    this.#digest = digest;
    this.#recorded = recorded;
    this.#responses = responses;
  }

  /**
   * Opens the replay of a request from its params and the SDK context. The SDK has already
   * verified the `requestState` (HMAC, expiry, method and principal); this checks that it belongs
   * to these params and has this router's shape, and fails with the spec's `-32602` otherwise.
   */
  static open(params: Record<string, unknown> | undefined, context: ServerContext): InputReplay {
    const digest = paramsDigest(params);
    const state = context.mcpReq.requestState<unknown>();
    const responses = context.mcpReq.inputResponses ?? {};
    if (state === undefined) return new InputReplay(digest, [], responses);
    if (!isReplayState(state) || state.d !== digest) throw invalidRequestState();
    return new InputReplay(digest, state.a, responses);
  }

  /**
   * Resumes a replay from what earlier runs recorded (a task's rerun after `tasks/update`):
   * recorded answers by position, then `responses` by key.
   */
  static resume(
    digest: string,
    recorded: readonly (RecordedAnswer | null)[],
    responses: Record<string, unknown>,
  ): InputReplay {
    return new InputReplay(digest, [...recorded], responses);
  }

  /** Answers later questions from `responses` (a task's, once the call became a task). */
  answerFrom(responses: Record<string, unknown>): void {
    this.#responses = responses;
  }

  /** The digest of the request's params this replay belongs to. */
  get digest(): string {
    return this.#digest;
  }

  /** What was answered so far, by position (`null` where a question is still pending). */
  get recorded(): readonly (RecordedAnswer | null)[] {
    return this.#recorded.map((entry) => entry ?? null);
  }

  /** The questions without an answer, by key. */
  get pendingRequests(): Record<string, ClientBoundRequest> {
    return Object.fromEntries(this.#pending);
  }

  /**
   * What the backend asked for that the request's envelope did not declare, merged (the
   * `requiredCapabilities` of a `-32021` answer); undefined when it asked for nothing undeclared.
   */
  get refused(): ClientCapabilities | undefined {
    return this.#refused as ClientCapabilities | undefined;
  }

  /** Records a capability the backend needed and the request did not declare (see {@link refused}). */
  refuse(required: ClientCapabilities): void {
    this.#refused ??= {};
    for (const [name, members] of Object.entries(required as Record<string, Record<string, unknown>>)) {
      this.#refused[name] = { ...this.#refused[name], ...members };
    }
  }

  /**
   * The error the request is answered with however the backend call ended, when the replay
   * refused what the backend asked (see {@link answer}): a sealed `requestState` whose record does
   * not match the question asked at its position, or an `inputResponses` answer that does not
   * fit its question. Both are `-32602`.
   */
  get refusal(): Error | undefined {
    return this.#refusal;
  }

  /** Whether the backend made a client request that has no answer yet. */
  get pending(): boolean {
    return this.#pending.size > 0;
  }

  /**
   * Answers the backend's next client request, parsed with `schema`; throws an
   * {@link InputRequiredSignal} when there is no answer yet. `key` names the request in
   * `inputRequests` (default: its position, `"0"`, `"1"`, …).
   */
  answer(request: ClientBoundRequest, schema: AnswerSchema, key?: string): Record<string, unknown> {
    const index = this.#next++;
    const recorded = this.#recorded[index];
    if (recorded) {
      if (recorded.m === request.method) return recorded.r;
      // A backend that asks something else on replay is not deterministic, or the state is not
      // its own.
      return this.#stop(invalidRequestState(), key ?? String(index), request);
    }
    const name = key ?? String(index);
    if (this.#pending.has(name) || this.#recorded.some((entry) => entry?.k === name)) {
      throw new McpError(ErrorCode.InternalError, `Input request key ${JSON.stringify(name)} is used twice`);
    }
    const response = this.#responses[name];
    if (response === undefined) {
      this.#pending.set(name, request);
      this.#recorded[index] = null;
      throw new InputRequiredSignal(name, request);
    }
    const parsed = schema.safeParse(response);
    if (!parsed.success) {
      const refusal = new McpError(
        ErrorCode.InvalidParams,
        printable(
          `Invalid input response ${JSON.stringify(name)} for ${request.method}: ${parsed.error.message}`,
          400,
        ),
      );
      return this.#stop(refusal, name, request);
    }
    const answer = parsed.data as Record<string, unknown>;
    this.#recorded[index] = { k: name, m: request.method, r: answer };
    return answer;
  }

  /**
   * Refuses the request with `refusal` and stops the backend call the way a pending question
   * stops it: the backend (a component) never sees an error it could turn into a complete result.
   */
  #stop(refusal: Error, key: string, request: ClientBoundRequest): never {
    this.#refusal ??= refusal;
    throw new InputRequiredSignal(key, request);
  }

  /** The `input_required` result for what is pending, with the answers so far sealed. */
  async inputRequired(
    context: ServerContext,
    seal: (state: ReplayState, context: ServerContext) => Promise<string>,
  ): Promise<InputRequiredResult> {
    const state: ReplayState = {
      v: 1,
      d: this.#digest,
      a: [...this.#recorded].map((entry) => entry ?? null),
    };
    return inputRequired({
      inputRequests: Object.fromEntries(this.#pending) as NonNullable<InputRequiredResult["inputRequests"]>,
      requestState: await seal(state, context),
    });
  }
}

/** The SDK's own frozen error (a v2 `ProtocolError`, whose message carries no code prefix). */
export function invalidRequestState(): ProtocolError {
  return new ProtocolError(ProtocolErrorCode.InvalidParams, INVALID_REQUEST_STATE, {
    reason: "invalid_request_state",
  });
}

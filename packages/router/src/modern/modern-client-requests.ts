import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import {
  MissingRequiredClientCapabilityError,
  type RequestStateCodec,
  type ServerContext,
} from "@modelcontextprotocol/server";
import type { ClientBoundRequest } from "../shared/backend.js";
import { isReplayRequested, ReplayRequested } from "../shared/replay-requested.js";
import type { AnswerSchema, ClientReplay, Extra } from "../shared/route-table.js";
import { InputReplay } from "./input-replay.js";
import { isInputRequiredSignal } from "./input-required-signal.js";
import type { ReplayState } from "./request-state.js";

/** The methods whose 2026-07-28 result may be `input_required` (MRTR). */
export const INPUT_REQUIRED_METHODS: ReadonlySet<string> = new Set([
  "tools/call",
  "prompts/get",
  "resources/read",
]);

/**
 * A backend's server→client request on a 2026 method that cannot answer `input_required`
 * (`tools/list`, `completion/complete`, …): 2026-07-28 has no server→client requests, so it
 * fails with `-32601` and `unsupported-operation`, as for a client without the capability.
 */
export async function unansweredClientRequest(request: { method: string }): Promise<never> {
  throw new McpError(
    ErrorCode.MethodNotFound,
    `Client does not support ${request.method}: protocol 2026-07-28 has no server-to-client requests`,
    { code: "unsupported-operation" },
  );
}

/**
 * A handler of the 2026 face, given the router's replaying client-request functions and the
 * request's signal, which the replay aborts with a `ReplayRequested` reason.
 */
type FaceHandler = (extra: Required<Pick<Extra, "sendRequest" | "replay" | "signal">>) => Promise<unknown>;

/**
 * Runs one request of an MRTR method with deterministic replay (ADR 0005 §3): the backend's
 * client requests are answered from the retry's recorded answers; when it makes one that has no
 * answer yet, the backend call is stopped (its signal aborted with a `ReplayRequested` reason, which
 * the question rejects with) and the request is answered `input_required` with
 * that request and the answers so far, sealed by `codec`. When the backend asked for a capability
 * the request's envelope did not declare, the request is answered `-32021`
 * MissingRequiredClientCapability with `data.requiredCapabilities` naming it (HTTP 400), whatever the
 * backend did after being refused: a server must not rely on an undeclared capability, so a
 * backend that can do without one checks `request.clientCapabilities` before asking.
 */
export async function withInputReplay(
  params: Record<string, unknown> | undefined,
  context: ServerContext,
  codec: RequestStateCodec<ReplayState>,
  run: FaceHandler,
): Promise<unknown> {
  const replay = InputReplay.open(params, context);
  const { controller, unlink } = backendController(context);
  let outcome: CallOutcome;
  try {
    outcome = { ok: true, value: await run(replayExtra(replay, controller)) };
  } catch (error) {
    outcome = { ok: false, error };
  } finally {
    unlink();
  }
  return await concludeReplayedCall(outcome, replay, context, codec);
}

/** How a backend call ended: its result, or what it threw. */
export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * The answer to a 2026 request whose backend call ran under `replay` and ended with `outcome`. A
 * refused answer or state, then a refused capability, then pending input, win over how the call
 * ended (the replay's abort reason, or a host error caused by stopping it); a call stopped for a
 * question that then has nothing pending is an internal error.
 */
export async function concludeReplayedCall(
  outcome: CallOutcome,
  replay: InputReplay,
  context: ServerContext,
  codec: RequestStateCodec<ReplayState>,
): Promise<unknown> {
  if (replay.refusal) throw replay.refusal;
  if (replay.refused || replay.pending) return await concludeReplay(replay, context, codec);
  if (outcome.ok) return outcome.value;
  if (isReplayRequested(outcome.error)) throw new McpError(ErrorCode.InternalError, "Internal error");
  throw outcome.error;
}

/**
 * The backend call's controller: aborted when the client cancels the request (until `unlink`), or
 * by the replay stopping the call. A backend sees an unanswered question only as its signal
 * aborted with a `ReplayRequested` reason.
 */
export function backendController(context: ServerContext): {
  controller: AbortController;
  unlink: () => void;
} {
  const controller = new AbortController();
  const request = context.mcpReq.signal;
  const cancelled = () => controller.abort(request.reason);
  if (request.aborted) cancelled();
  else request.addEventListener("abort", cancelled, { once: true });
  return { controller, unlink: () => request.removeEventListener("abort", cancelled) };
}

/**
 * The replay-facing part of a handler's extra: client requests answered by `replay`; an
 * unanswered one aborts `controller` with a `ReplayRequested` reason and rejects with it.
 */
export function replayExtra(
  replay: InputReplay,
  controller: AbortController,
): Required<Pick<Extra, "sendRequest" | "replay" | "signal">> {
  const answer = (request: ClientBoundRequest, schema: AnswerSchema, inputKey?: string) => {
    try {
      return replay.answer(request, schema, inputKey);
    } catch (error) {
      if (!isInputRequiredSignal(error)) throw error;
      const reason = new ReplayRequested(error.message);
      if (!controller.signal.aborted) controller.abort(reason);
      throw isReplayRequested(controller.signal.reason) ? controller.signal.reason : reason;
    }
  };
  const clientReplay: ClientReplay = { answer, refuse: (required) => replay.refuse(required) };
  const sendRequest = (async (request: ClientBoundRequest, schema: AnswerSchema) =>
    answer(request, schema)) as unknown as Extra["sendRequest"];
  return { sendRequest, replay: clientReplay, signal: controller.signal };
}

/** The answer of a replayed request that refused a capability (`-32021`) or has pending input. */
export async function concludeReplay(
  replay: InputReplay,
  context: ServerContext,
  codec: RequestStateCodec<ReplayState>,
): Promise<unknown> {
  const refused = replay.refused;
  if (refused) {
    const names = Object.keys(refused).join(", ");
    throw new MissingRequiredClientCapabilityError(
      { requiredCapabilities: refused as Record<string, unknown> },
      `This request needs client capabilities it did not declare: ${names}`,
    );
  }
  return await replay.inputRequired(context, (state, ctx) => codec.mint(state, ctx));
}

import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { RequestStateCodec, ServerContext } from "@modelcontextprotocol/server";
import type { ClientBoundRequest } from "./backend.js";
import { InputReplay } from "./input-replay.js";
import { isInputRequiredSignal } from "./input-required-signal.js";
import type { ReplayState } from "./request-state.js";
import type { AnswerSchema, Extra, ReplayAnswer } from "./route-table.js";

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

/** A handler of the 2026 face, given the router's replaying client-request functions. */
type FaceHandler = (extra: Required<Pick<Extra, "sendRequest" | "replayRequest">>) => Promise<unknown>;

/**
 * Runs one request of an MRTR method with deterministic replay (ADR 0005 §3): the backend's
 * client requests are answered from the retry's recorded answers; when it makes one that has no
 * answer yet, the backend call is stopped and the request is answered `input_required` with
 * that request and the answers so far, sealed by `codec`.
 */
export async function withInputReplay(
  params: Record<string, unknown> | undefined,
  context: ServerContext,
  codec: RequestStateCodec<ReplayState>,
  run: FaceHandler,
): Promise<unknown> {
  const replay = InputReplay.open(params, context);
  const replayRequest: ReplayAnswer = (request, schema, inputKey) => replay.answer(request, schema, inputKey);
  const sendRequest = (async (request: ClientBoundRequest, schema: AnswerSchema) =>
    replay.answer(request, schema)) as unknown as Extra["sendRequest"];
  try {
    const result = await run({ sendRequest, replayRequest });
    if (replay.pending) return await replay.inputRequired(context, (state, ctx) => codec.mint(state, ctx));
    return result;
  } catch (error) {
    // Pending input wins over how the stopped backend call ended (the signal, or a host error).
    if (replay.pending) return await replay.inputRequired(context, (state, ctx) => codec.mint(state, ctx));
    if (isInputRequiredSignal(error)) throw new McpError(ErrorCode.InternalError, "Internal error");
    throw error;
  }
}

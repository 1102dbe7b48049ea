import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { Runtime, Types } from "@wasi-mcp/bindings";
import { INPUT_KEY_PATTERN, inputAnswerToWit, inputRequestToMcp } from "@wasi-mcp/conversions";
import type { BackendRequest, ClientBoundRequest } from "@wasi-mcp/router";
import { GuestError, guestJson } from "./guest-error.js";

/**
 * A server→client request of a component, with the key it named it by (`request-input`); keyless
 * requests (`request-sampling`, `request-elicitation`, `request-roots`) are named by position.
 */
export interface KeyedClientRequest {
  key?: string | undefined;
  request: ClientBoundRequest;
}

/** What asking the client needs from the instance. */
export interface QuestionServices {
  askClient(requests: readonly KeyedClientRequest[]): Record<string, unknown>[];
}

/** The component's ways of asking its client, as `wasi:mcp/runtime` exposes them. */
export interface ClientQuestions {
  sample(request: Runtime.SamplingRequest): Runtime.SamplingResult;
  elicit(request: Types.ElicitationRequest): Types.ElicitationResult;
  roots(): Runtime.Root[];
  ask(requests: Runtime.KeyedInputRequest[]): Runtime.KeyedInputAnswer[];
}

/**
 * Asking the client, checked and converted once for every host (Node workers, the host's own
 * thread, the browser): keys (unique, short identifiers), the client's declared capabilities,
 * WIT→MCP on the way out and MCP→WIT on the way back. An answer that does not convert is the
 * client's fault (`internal-error`), a request that does not convert the guest's
 * (`invalid-params`).
 */
export function createClientQuestions(services: QuestionServices): ClientQuestions {
  // Keyed (`request-input`) and keyless questions go the same way; only keys are checked first.
  const put = (
    questions: readonly { key?: string; request: Runtime.InputRequest }[],
  ): Runtime.InputAnswer[] => {
    const outgoing = questions.map(({ key, request }, index) => {
      const field = key === undefined ? "request" : `requests[${index}].request`;
      return { key, request: guestJson(() => inputRequestToMcp(request, field)) as ClientBoundRequest };
    });
    if (outgoing.length === 0) return [];
    const answers = services.askClient(outgoing);
    return questions.map(({ key, request }, index) =>
      clientAnswer(() =>
        inputAnswerToWit(request.tag, answers[index] ?? {}, key === undefined ? "result" : `answer "${key}"`),
      ),
    );
  };
  const ask = (requests: Runtime.KeyedInputRequest[]): Runtime.KeyedInputAnswer[] => {
    const seen = new Set<string>();
    requests.forEach(({ key }, index) => {
      if (!INPUT_KEY_PATTERN.test(key)) {
        throw new GuestError(
          "invalid-params",
          `requests[${index}].key ${JSON.stringify(key)} must be 1 to 64 letters, digits, "_", "-" or "."`,
        );
      }
      if (seen.has(key))
        throw new GuestError("invalid-params", `requests[${index}].key "${key}" is used twice`);
      seen.add(key);
    });
    const answers = put(requests);
    return requests.map(({ key }, index) => ({ key, answer: answers[index] as Runtime.InputAnswer }));
  };
  const single = (request: Runtime.InputRequest) => put([{ request }])[0] as Runtime.InputAnswer;
  return {
    ask,
    sample: (request) => single({ tag: "sampling", val: request }).val as Runtime.SamplingResult,
    elicit: (request) => single({ tag: "elicitation", val: request }).val as Types.ElicitationResult,
    roots: () => single({ tag: "roots" }).val as Runtime.Root[],
  };
}

/** Converts the client's answer; an answer that does not convert is the client's fault, not the guest's. */
function clientAnswer<T>(convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    throw new GuestError("internal-error", `the client's answer is invalid: ${(error as Error).message}`);
  }
}

/**
 * Sends a component's client requests for one call, all at once, and resolves with the answers in
 * order (the host side of `askClient`). Every request goes to the router, which checks the
 * client's capabilities (a refusal comes back as `-32601`, which the guest gets as
 * `unsupported-operation`). When one is answered by the request's signal aborting for a replay
 * (`ReplayRequested`), the others are still put, so the client is asked all of them at once.
 */
export async function askClientAll(
  request: BackendRequest | undefined,
  requests: readonly KeyedClientRequest[],
): Promise<Record<string, unknown>[]> {
  const ask = request?.requestClient;
  if (!ask) {
    throw new McpError(ErrorCode.InvalidRequest, "this connection cannot send requests to the client");
  }
  const settled = await Promise.allSettled(
    requests.map(({ key, request: question }) => ask(question, key === undefined ? {} : { inputKey: key })),
  );
  return answersOrFirstFailure(
    settled.map((s) => (s.status === "fulfilled" ? { value: s.value } : { error: s.reason })),
  );
}

/**
 * The same, answered at once, for an instance that cannot wait (the host's own thread):
 * `undefined` where the request offers no `requestClientNow`.
 */
export function askClientNow(
  request: BackendRequest | undefined,
  requests: readonly KeyedClientRequest[],
): Record<string, unknown>[] | undefined {
  const now = request?.requestClientNow;
  if (!now) return undefined;
  return answersOrFirstFailure(
    requests.map(({ key, request: question }) => {
      try {
        return { value: now(question, key === undefined ? {} : { inputKey: key }) };
      } catch (error) {
        return { error };
      }
    }),
  );
}

function answersOrFirstFailure(
  outcomes: readonly ({ value: Record<string, unknown> } | { error: unknown })[],
): Record<string, unknown>[] {
  const failure = outcomes.find((outcome) => "error" in outcome);
  if (failure) throw failure.error;
  return outcomes.map((outcome) => (outcome as { value: Record<string, unknown> }).value);
}

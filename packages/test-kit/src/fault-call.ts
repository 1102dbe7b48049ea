// One call of the engine fault battery, made on a component's router backend: pure (no Node
// built-in), so that a browser page runs the same code on its own backend (ADR 0010 step 6).
import type { McpBackend } from "@wasi-mcp/router";

/** A tool call the battery makes. */
export interface FaultCall {
  tool: string;
  args?: Record<string, unknown>;
  /** The call's request is cancelled before it is made (the pool must not queue it). */
  abortedBefore?: boolean;
  /** What the client declared; default: nothing (no sampling, no elicitation). */
  clientCapabilities?: Record<string, unknown>;
  /**
   * The call is a 2026-07-28 request with no answers yet (MRTR, ADR 0005 §3): each question the
   * guest asks stops the call with the router's input-required signal, as the 2026 face does.
   */
  inputRequired?: boolean;
}

/** How a call ended: a result (its text), or an error (its message). */
export type FaultOutcome = { ok: true; text: string; isError: boolean } | { ok: false; message: string };

/** Makes `call` on `backend`, as the router would for a client that declared `clientCapabilities`. */
export async function callBackend(backend: McpBackend, call: FaultCall): Promise<FaultOutcome> {
  const controller = new AbortController();
  if (call.abortedBefore) controller.abort("cancelled by the battery");
  try {
    const result = (await backend.callTool(call.tool, call.args ?? {}, {
      requestId: 1,
      signal: controller.signal,
      clientCapabilities: call.clientCapabilities ?? {},
      ...(call.inputRequired ? unanswered() : {}),
    })) as { content?: { type: string; text?: string }[]; isError?: boolean };
    const text = (result.content ?? []).map((part) => part.text ?? "").join("\n");
    return { ok: true, text, isError: result.isError === true };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A request's client side with no answers yet: asking (in a worker) and replaying (in the host's
 * thread) both end in the router's `InputRequiredSignal` — made by name, which the router's
 * `isInputRequiredSignal` recognises across copies of the package, so that this file needs no
 * router code at run time (a browser page bundles it).
 */
function unanswered() {
  const signal = (question: { method: string }) =>
    Object.assign(new Error(`input required: ${question.method}`), { name: "InputRequiredSignal" });
  return {
    requestClient: async (question: { method: string }) => {
      throw signal(question);
    },
    replayClient: (question: { method: string }): Record<string, unknown> => {
      throw signal(question);
    },
  };
}

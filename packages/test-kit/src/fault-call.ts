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
   * The call is a 2026-07-28 request with no answers yet (MRTR, ADR 0005 §3): the guest's first
   * question aborts the request's signal with a `ReplayRequested` reason, as the 2026 face does.
   */
  inputRequired?: boolean;
}

/** How a call ended: a result (its text), or an error (its message). */
export type FaultOutcome = { ok: true; text: string; isError: boolean } | { ok: false; message: string };

/** Makes `call` on `backend`, as the router would for a client that declared `clientCapabilities`. */
export async function callBackend(backend: McpBackend, call: FaultCall): Promise<FaultOutcome> {
  const controller = new AbortController();
  if (call.abortedBefore) controller.abort("cancelled by the battery");
  const declared = call.clientCapabilities ?? {};
  try {
    const result = (await backend.callTool(call.tool, call.args ?? {}, {
      requestId: 1,
      signal: controller.signal,
      clientCapabilities: declared,
      ...clientSide(controller, declared, call.inputRequired === true),
    })) as { content?: { type: string; text?: string }[]; isError?: boolean };
    const text = (result.content ?? []).map((part) => part.text ?? "").join("\n");
    return { ok: true, text, isError: result.isError === true };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** The capability a client request needs, as the router checks it (top level only). */
const NEEDS: Record<string, string> = {
  "sampling/createMessage": "sampling",
  "elicitation/create": "elicitation",
  "roots/list": "roots",
};

/**
 * A request's client side, as the router gives it: a question for a capability the client did not
 * declare is refused with `-32601` (`unsupported-operation`); with `inputRequired` (a 2026-07-28
 * request with no answers yet) every other question aborts the request's signal with a
 * `ReplayRequested` reason and rejects with it, as the router's replay does — made by name, which
 * the router's `isReplayRequested` recognises across copies of the package, so that this file
 * needs no router code at run time (a browser page bundles it). Without it, the client is never
 * reached: the battery declares no capability there.
 */
function clientSide(controller: AbortController, declared: Record<string, unknown>, inputRequired: boolean) {
  const answer = (question: { method: string }): Record<string, unknown> => {
    const needed = NEEDS[question.method] ?? question.method;
    if (declared[needed] === undefined) {
      throw Object.assign(
        new Error(`MCP error -32601: the client did not declare the \`${needed}\` capability`),
        {
          code: -32601,
          data: { code: "unsupported-operation", capability: needed },
        },
      );
    }
    if (!inputRequired) throw new Error(`the battery has no answer for ${question.method}`);
    const reason = Object.assign(new Error(`input required: ${question.method}`), {
      name: "ReplayRequested",
    });
    if (!controller.signal.aborted) controller.abort(reason);
    throw controller.signal.reason;
  };
  return {
    requestClient: async (question: { method: string }) => answer(question),
    requestClientNow: answer,
  };
}

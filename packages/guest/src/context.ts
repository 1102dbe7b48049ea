import { ReplayPending } from "./errors.js";
import { parseJsonLoose } from "./json.js";
import {
  type Answers,
  askClient,
  callRuntime,
  clientRoots,
  type ElicitResult,
  fromWitElicitation,
  fromWitSampling,
  type Question,
  type Root,
  type SampleRequest,
  type SampleResult,
  toWitSampling,
} from "./questions.js";
import { type Infer, jsonSchemaText, type Schema } from "./schema.js";
import type { LogLevel, RuntimeModule, WitRequestContext } from "./wit.js";

/** Options of a single question. */
export interface QuestionOptions {
  /**
   * The question's key: what a 2026-07-28 client sees in `inputRequests` and answers under
   * (default: its position, "0", "1", …). Letters, digits, `_`, `-`, `.`; at most 64.
   */
  key?: string;
}

/** Capabilities of the client of the current request. */
export interface ClientCapabilities {
  sampling: boolean;
  elicitation: boolean;
  roots: boolean;
}

/** What every handler receives about its request, and what it may do on its behalf. */
export interface RequestContext {
  /** The JSON-RPC id of the request. */
  readonly requestId: string | number;
  /** The transport session, when the transport has sessions. */
  readonly sessionId: string | undefined;
  /** The client's progress token (`_meta.progressToken`), if any. */
  readonly progressToken: string | number | undefined;
  /** The request's `_meta`. */
  readonly meta: Record<string, unknown> | undefined;
  /** Reports progress (`notifications/progress`). Best effort: false when not delivered (no token, or the host cannot). */
  progress(progress: number, total?: number, message?: string): boolean;
  /** Logs through `notifications/message`. Best effort: false when the host refused it. */
  log(level: LogLevel, message: string, data?: unknown): boolean;
  /**
   * Asks the client to sample an LLM; blocks until it answers. Throws {@link McpError} when it
   * cannot. For a 2026-07-28 client the call may instead end here — it throws
   * {@link ReplayPending}, which the handler should let through — and run again, from the start,
   * with the answer (see {@link RequestContext.ask}).
   */
  sample(request: string | SampleRequest, options?: QuestionOptions): SampleResult;
  /**
   * Asks the user for input matching a flat JSON Schema; blocks until answered. Throws
   * {@link McpError} when it cannot. Same multi round-trip rule as `sample`.
   */
  elicit<const S extends Schema>(
    message: string,
    schema: S,
    options?: QuestionOptions,
  ): ElicitResult<Infer<S>>;
  /** Asks the client for its roots (`roots/list`). Same rules as `sample`. */
  roots(options?: QuestionOptions): Root[];
  /**
   * Asks the client several things at once, each under a key (build them with `question`), and
   * returns the answers by key. A 2025-11-25 client gets the requests at once; a 2026-07-28
   * client gets every unanswered one in one `input_required` result (this call throws
   * {@link ReplayPending}), and retries: the handler then runs again from the start and this call
   * returns the answers. So a handler that asks must do the same thing up to its questions on
   * every run (side effects before them repeat; the guest README's "Multi round-trip requests").
   * After a `ReplayPending`, the rest of the call reaches nobody: more questions throw it again,
   * `log` and `progress` return false.
   */
  ask<const Q extends Record<string, Question>>(questions: Q): Answers<Q>;
  /** Capabilities of the requesting client. */
  clientCapabilities(): ClientCapabilities;
}

/** Builds the {@link RequestContext} of one handler call. */
export function createRequestContext(wit: WitRequestContext, runtime: RuntimeModule): RequestContext {
  const token = wit.progressToken;
  const progressToken =
    token === undefined ? undefined : token.tag === "string" ? token.val : Number(token.val);
  // Once a question stopped this call for a replay, the host discards whatever it does: do not
  // ask the host for anything more.
  let stopped = false;
  const asking = <T>(question: () => T): T => {
    if (stopped) throw new ReplayPending();
    try {
      return question();
    } catch (error) {
      if (error instanceof ReplayPending) stopped = true;
      throw error;
    }
  };
  return {
    requestId: parseJsonLoose(wit.requestId) as string | number,
    sessionId: wit.sessionId,
    progressToken,
    meta: wit.meta === undefined ? undefined : (parseJsonLoose(wit.meta) as Record<string, unknown>),
    progress(progress, total, message) {
      if (token === undefined || stopped) return false;
      return bestEffort(() => runtime.reportProgress(token, progress, total, message));
    },
    log: (level, message, data) => !stopped && logTo(runtime, level, message, data),
    sample: (request, options) =>
      asking(() => {
        if (options?.key !== undefined)
          return askClient(runtime, { [options.key]: { kind: "sample", request } })[
            options.key
          ] as SampleResult;
        return fromWitSampling(callRuntime(() => runtime.requestSampling(toWitSampling(request))));
      }),
    elicit: (message, schema, options) =>
      asking(() => {
        if (options?.key !== undefined) {
          return askClient(runtime, { [options.key]: { kind: "elicit", message, schema } })[
            options.key
          ] as never;
        }
        const requestedSchema = jsonSchemaText(schema, "input", "elicit");
        return fromWitElicitation(
          callRuntime(() => runtime.requestElicitation({ message, requestedSchema })),
        );
      }),
    roots: (options) =>
      asking(() => {
        if (options?.key !== undefined)
          return askClient(runtime, { [options.key]: { kind: "roots" } })[options.key] as Root[];
        return clientRoots(runtime);
      }),
    ask: (questions) => asking(() => askClient(runtime, questions)),
    clientCapabilities() {
      const caps = runtime.getClientCapabilities();
      return { sampling: caps.sampling, elicitation: caps.elicitation, roots: caps.roots };
    },
  };
}

/** `runtime.log`, best effort. */
export function logTo(runtime: RuntimeModule, level: LogLevel, message: string, data?: unknown): boolean {
  return bestEffort(() => runtime.log(level, message, data === undefined ? undefined : JSON.stringify(data)));
}

/** Calls a best-effort runtime import: true when it succeeded. */
export function bestEffort(call: () => void): boolean {
  try {
    call();
    return true;
  } catch {
    return false;
  }
}

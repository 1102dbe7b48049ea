// A call stopped for an MCP 2026-07-28 `input_required` answer (MRTR, ADR 0005 §3) while its
// guest still runs: what its questions return (the documented replay outcome, wit/runtime.wit),
// and the instance staying busy until the guest returns. Every instance kind uses this one.
import type { Types } from "@wasi-mcp/bindings";
import { GuestError } from "../guest-runtime/guest-error.js";
import type { GuestEvent } from "../guest-runtime/guest-events.js";

/** The `data` that marks a `cancelled` error as the replay outcome: exactly this JSON text. */
export const REPLAY_DATA = '{"replay":true}';

/**
 * The WIT error a guest's question fails with once its call's request was answered
 * `input_required`: error code `cancelled` (what a 0.1.0 component already handles as "stop"),
 * with {@link REPLAY_DATA}. The call should return; the host discards whatever it still does.
 */
export function replayOutcome(): Types.Error {
  return {
    code: "cancelled",
    message:
      "input required: the question went to the client, and this call runs again from the start with the answer; return now",
    data: REPLAY_DATA,
  };
}

/** The replay outcome as what an import throws to hand it to the guest. */
export function replayOutcomeError(): GuestError {
  const { code, message, data } = replayOutcome();
  return new GuestError(code, message, data);
}

/**
 * Whether a guest event changes what the instance registered. Such events of a stopped call are
 * kept (they are the instance's state, which the replay keeps); its logs, progress and
 * notifications are dropped.
 */
export function isRegistryEvent(event: GuestEvent): boolean {
  return event.type === "list-changed" || event.type === "registry";
}

/**
 * The one call of an instance that was answered `input_required` and whose guest has not returned
 * yet. Its client requests are refused with the replay outcome without reaching the client, and
 * {@link ReplayUnwinding.whenFree} holds the next call back until it ends.
 */
export class ReplayUnwinding {
  #call: { id: number; dispose(): void } | undefined;
  #free: { promise: Promise<void>; resolve(): void } | undefined;

  /** Whether a stopped call still runs in the guest. */
  get busy(): boolean {
    return this.#call !== undefined;
  }

  /** Whether `callId` is the stopped call still running. */
  isCall(callId: number | undefined): boolean {
    return callId !== undefined && this.#call?.id === callId;
  }

  /** The call `id` was answered; `dispose` (its deadline timer) runs when it ends. */
  begin(id: number, dispose: () => void): void {
    this.end();
    let resolve = () => {};
    const promise = new Promise<void>((done) => {
      resolve = done;
    });
    this.#call = { id, dispose };
    this.#free = { promise, resolve };
  }

  /** The stopped call returned, or its instance is gone: the instance is free. */
  end(): void {
    const call = this.#call;
    const free = this.#free;
    this.#call = undefined;
    this.#free = undefined;
    call?.dispose();
    free?.resolve();
  }

  /** `undefined` when no stopped call runs; else resolves when it ends. */
  whenFree(): Promise<void> | undefined {
    return this.#free?.promise;
  }

  /** Refuses a request of the stopped call with the replay outcome. */
  refuse(): never {
    throw replayOutcomeError();
  }
}

// The engine fault battery (ADR 0010 step 6): the same fault cases against every host of the
// instance engine — Node in both isolation modes, a Chromium page — on the real host-fixture
// component, so that "fails the same way in both hosts" (ADR 0006) is checked, not hoped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultCall, FaultOutcome } from "./fault-call.js";

const MiB = 1024 * 1024;

/** The policy fields the battery sets; both hosts' policies have them. */
export interface FaultPolicy {
  toolDeadlinesMs?: Record<string, number>;
  memoryLimitBytes?: number;
  memoryHighWaterRatio?: number;
  maxQueueWaitMs?: number;
}

/** The host-fixture component, loaded under a policy by the host under test. */
export interface FaultComponent {
  call(call: FaultCall): Promise<FaultOutcome>;
  restarts(): Promise<number>;
  retirements(): Promise<number>;
  /** Linear memory of each live instance, in bytes. */
  memoryBytes(): Promise<number[]>;
  close(): Promise<void>;
}

/** Options of {@link runEngineFaults}. */
export interface EngineFaultsOptions {
  /** Names the describe block (`Node, worker`). */
  name: string;
  /** Loads `examples/components/host-fixture` under `policy` (a pool of one instance). */
  load(policy: FaultPolicy): Promise<FaultComponent>;
  /**
   * Whether instances run beside the host's thread (workers): a running call can then be stopped
   * at its deadline, and other calls wait in the queue meanwhile. In the host's own thread a call
   * runs to its end first.
   */
  inWorkers: boolean;
}

/** Registers the battery's vitest cases. */
export function runEngineFaults(options: EngineFaultsOptions): void {
  const { inWorkers } = options;
  describe(`engine faults: ${options.name}`, () => {
    describe("faults of one call", () => {
      let component: FaultComponent;
      beforeAll(async () => {
        component = await options.load({
          toolDeadlinesMs: { loop: 500, slow: 300 },
          memoryLimitBytes: 64 * MiB,
        });
      }, 60_000);
      afterAll(() => component?.close());

      /** Runs `call`, expects it to fail matching `pattern`, the instance replaced, the next call served. */
      async function costsTheInstance(call: FaultCall, pattern: RegExp): Promise<string> {
        const before = await component.restarts();
        const outcome = await component.call(call);
        expect(outcome).toMatchObject({ ok: false });
        const message = (outcome as { message: string }).message;
        expect(message).toMatch(pattern);
        const echo = await component.call({ tool: "echo", args: { text: "alive" } });
        expect(echo).toEqual({ ok: true, text: "alive", isError: false });
        expect(await component.restarts()).toBeGreaterThan(before);
        return message;
      }

      it("stops a call at its deadline and serves the next", async () => {
        if (inWorkers)
          await costsTheInstance(
            { tool: "loop" },
            /did not answer within 500 ms; its instance was restarted/,
          );
        else {
          // In the host's thread the guest runs to its end; the call is still answered as late.
          const outcome = await component.call({ tool: "slow", args: { ms: 600 } });
          expect(outcome).toMatchObject({
            ok: false,
            message: expect.stringMatching(/did not answer within 300 ms/),
          });
        }
      }, 30_000);

      it("answers a trap with the trap, no host path in it, and replaces the instance", async () => {
        const message = await costsTheInstance({ tool: "trap" }, /trapped: .+; its instance was restarted/);
        expect(message).not.toMatch(/file:\/\/|\/work\/|\/home\/|\/tmp\//);
      }, 30_000);

      it("traps a guest that grows past its memory cap", async () => {
        await costsTheInstance({ tool: "grow" }, /trapped: .+; its instance was restarted/);
      }, 30_000);

      it("contains wasi:cli/exit to the instance that called it", async () => {
        await costsTheInstance(
          { tool: "exit", args: { ok: true } },
          /it called wasi:cli\/exit with status 0/,
        );
      }, 30_000);

      it("refuses a call whose request was cancelled before it started", async () => {
        const outcome = await component.call({ tool: "echo", args: { text: "late" }, abortedBefore: true });
        expect(outcome).toMatchObject({
          ok: false,
          message: expect.stringMatching(/cancelled before an instance took it/),
        });
      });

      it("refuses outgoing HTTP the policy does not grant, naming it in the tool result", async () => {
        const outcome = await component.call({ tool: "fetch", args: { authority: "example.com" } });
        expect(outcome).toMatchObject({ ok: true, isError: true });
        expect((outcome as { text: string }).text).toMatch(
          /\[host\] outgoing HTTP to \S*example\.com\S* refused/,
        );
      });

      it("answers a question input_required at once and keeps the instance, its state and its queue", async () => {
        const restarts = await component.restarts();
        const before = await component.call({ tool: "bump" });
        // The guest ignores the replay outcome and goes on: it counts, then returns (discarded).
        const stopped = await component.call({
          tool: "ask_and_chatter",
          args: {},
          inputRequired: true,
          clientCapabilities: { elicitation: {}, sampling: {} },
        });
        const after = await component.call({ tool: "bump" });
        expect(stopped).toMatchObject({
          ok: false,
          message: expect.stringMatching(/input required: elicitation\/create/),
        });
        expect(before).toMatchObject({ ok: true });
        expect(after).toEqual({
          ok: true,
          text: String(Number((before as { text: string }).text) + 2),
          isError: false,
        });
        expect(await component.restarts()).toBe(restarts);
      }, 30_000);

      it("refuses a question for a capability the client did not declare, to the guest", async () => {
        const outcome = await component.call({ tool: "sample", args: { prompt: "hi" } });
        expect(outcome).toMatchObject({ ok: true, isError: true });
        expect((outcome as { text: string }).text).toMatch(/unsupported-operation/);
        expect((outcome as { text: string }).text).toMatch(/sampling/);
      });
    });

    // In the host's thread a running call blocks the thread, so nothing waits beside it.
    if (inWorkers)
      describe("the queue of calls waiting for the instance", () => {
        let component: FaultComponent;
        beforeAll(async () => {
          component = await options.load({ maxQueueWaitMs: 300 });
        }, 60_000);
        afterAll(() => component?.close());

        it("refuses a call as busy after maxQueueWaitMs, and one cancelled before it queued at once", async () => {
          const slow = component.call({ tool: "slow", args: { ms: 2_000 } });
          const queued = await component.call({ tool: "echo", args: { text: "queued" } });
          const cancelled = await component.call({ tool: "echo", args: { text: "x" }, abortedBefore: true });
          expect(queued).toMatchObject({
            ok: false,
            message: expect.stringMatching(/no instance was free within 300 ms \(maxQueueWaitMs\)/),
          });
          expect(cancelled).toMatchObject({
            ok: false,
            message: expect.stringMatching(/cancelled before an instance took it/),
          });
          expect(await slow).toEqual({ ok: true, text: "slept 2000 ms", isError: false });
        }, 30_000);
      });

    describe("the memory high-water mark", () => {
      it("retires an instance between calls once it holds more than the mark, and the call is answered", async () => {
        const probe = await options.load({});
        const start = Math.max(...(await probe.memoryBytes()));
        await probe.close();
        // A mark a few MiB above what an instance holds once started: one large call passes it.
        const limit = 96 * MiB;
        const component = await options.load({
          memoryLimitBytes: limit,
          memoryHighWaterRatio: Math.min(1, (start + 2 * MiB) / limit),
        });
        try {
          const text = "x".repeat(4 * MiB);
          const outcome = await component.call({ tool: "echo", args: { text } });
          expect(outcome).toMatchObject({ ok: true, isError: false });
          expect((outcome as { text: string }).text.length).toBe(text.length);
          expect(await component.retirements()).toBeGreaterThanOrEqual(1);
          expect(await component.restarts()).toBe(0);
          const next = await component.call({ tool: "echo", args: { text: "fresh" } });
          expect(next).toEqual({ ok: true, text: "fresh", isError: false });
        } finally {
          await component.close();
        }
      }, 60_000);
    });
  });
}

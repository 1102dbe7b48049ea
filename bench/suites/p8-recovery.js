// P8: from a deadline or a cancellation to the freed slot — the moment the next call, sent right
// then, is answered. Ours: host-fixture's `loop` (never returns; the worker is terminated and
// replaced). Native: an SDK tool that waits without blocking and honours its abort signal.
import { setTimeout as sleep } from "node:timers/promises";
import { figure, goal } from "../lib/figures.js";
import { nativeServer } from "../lib/native.js";
import { loadOurs } from "../lib/ours.js";
import { COMPONENTS } from "../lib/paths.js";
import { acrossRuns } from "../lib/stats.js";
import { inMemorySession } from "../lib/wires.js";

const DEADLINE_MS = 200;
const CANCEL_AFTER_MS = 50;
/** Pause between samples, so that each starts from a settled pool (a replaced instance's spare booted). */
const SETTLE_MS = 1500;

/** Stops a hanging call (by `stop`, at the returned time) and times until the next echo answers. */
async function freedSlot(session, hang, stop) {
  let id;
  const hanging = session.call(hang.name, hang.args, (sent) => {
    id = sent;
  });
  const stoppedAt = await stop(() => id);
  await session.echo("next");
  const freed = performance.now() - stoppedAt;
  await Promise.race([hanging, sleep(50)]);
  return freed;
}

const deadline = async () => {
  const started = performance.now();
  await sleep(DEADLINE_MS);
  return started + DEADLINE_MS;
};

const cancel = (session) => async (id) => {
  await sleep(CANCEL_AFTER_MS);
  session.cancel(id());
  return performance.now();
};

/** Runs P8 `config.recoverySamples` times per case. */
export async function run(config) {
  config.log("P8 deadline and cancellation");
  const n = config.recoverySamples;
  const fixture = await loadOurs(COMPONENTS.fixture, {
    policy: { deadlineMs: DEADLINE_MS, toolDeadlinesMs: { echo: 30_000 } },
  });
  const ours = await inMemorySession(fixture.createServer());
  const native = await inMemorySession(nativeServer());
  const loop = { name: "loop", args: {} };
  const nap = { name: "sleep", args: { ms: 60_000 } };
  const results = { oursDeadline: [], oursCancel: [], nativeDeadline: [], nativeCancel: [] };
  try {
    await ours.echo("warm");
    // The pool's first replacement has no spare worker yet: measured on its own.
    results.oursFirst = await freedSlot(ours, loop, deadline);
    for (let i = 0; i < n; i++) {
      await sleep(SETTLE_MS);
      results.oursDeadline.push(await freedSlot(ours, loop, deadline));
      // Native SDK servers have no server-side deadline: the client gives up and cancels at it.
      results.nativeDeadline.push(
        await freedSlot(native, nap, async (id) => {
          const at = await deadline();
          native.cancel(id());
          return at;
        }),
      );
      await sleep(SETTLE_MS);
      results.oursCancel.push(await freedSlot(ours, loop, cancel(ours)));
      results.nativeCancel.push(await freedSlot(native, nap, cancel(native)));
    }
  } finally {
    ours.close();
    native.close();
    await fixture.component.close();
  }
  const figures = [
    figure(
      "deadline → freed slot",
      "ms",
      results.oursDeadline,
      results.nativeDeadline,
      "native SDK server (client-side timeout)",
    ),
    figure("cancellation → freed slot", "ms", results.oursCancel, results.nativeCancel, "native SDK server"),
    figure("first deadline of a pool (no spare worker yet) → freed slot", "ms", [results.oursFirst]),
  ];
  const worst = Math.max(acrossRuns(results.oursDeadline).median, acrossRuns(results.oursCancel).median);
  return {
    sections: [
      {
        id: "P8",
        title: "deadline or cancellation → freed slot",
        method:
          `host-fixture (pool of 1, deadline ${DEADLINE_MS} ms) gets \`loop\`, which never returns; at the deadline ` +
          `(or when \`notifications/cancelled\` is sent, ${CANCEL_AFTER_MS} ms into the call) the client sends an ` +
          "`echo`; the figure is the time from then to the echo's answer: the worker is terminated and replaced. " +
          `Samples ${SETTLE_MS} ms apart; the first replacement of a pool boots a worker, later ones take the ` +
          "spare worker the pool keeps once an instance has died (see the changes below). " +
          `${n} samples each, in memory. Native: the SDK's own best case, a tool that awaits and honours its ` +
          "abort signal (a native tool stuck in a synchronous loop could never be stopped at all).",
        figures,
        goals: [
          goal(
            "P8",
            "≤ 50 ms from deadline or cancellation to the freed slot",
            `${worst.toFixed(0)} ms (worst of the two medians)`,
            worst <= 50,
          ),
        ],
      },
    ],
    raw: results,
  };
}

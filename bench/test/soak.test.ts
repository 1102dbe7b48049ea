// The soak's short version, in CI: 20 s of mixed load over HTTP, WebSocket and stdio at once.
// Every answer must arrive once and be right; memory is reported by `npm run soak`, not judged here.
import { expect, it } from "vitest";
import { runSoak } from "../lib/soak.js";

it("answers every call of a 20 s mixed load on three wires exactly once, correctly", async () => {
  const lines: string[] = [];
  const { totals, samples } = await runSoak({
    seconds: 20,
    warmupSeconds: 5,
    sampleSeconds: 5,
    clients: { http: 3, ws: 2, stdio: 1 },
    log: (line: string) => lines.push(line),
  });
  expect(totals.answers, lines.join("\n")).toBeGreaterThan(100);
  expect({ wrong: totals.wrong, lost: totals.lost, duplicated: totals.duplicated }).toEqual({
    wrong: 0,
    lost: 0,
    duplicated: 0,
  });
  // The probe reports each instance worker's Wasm memory and the process's anonymous RSS.
  type Probe = { wasmPerWorkerMiB?: number[]; rssAnonMiB?: number };
  const probed: (Probe | undefined)[] = samples.map(
    (sample: { probes?: Record<string, Probe> }) => sample.probes?.http,
  );
  const withWasm = probed.find((probe) => (probe?.wasmPerWorkerMiB ?? []).length > 0);
  const perWorker = withWasm?.wasmPerWorkerMiB ?? [];
  expect(perWorker, lines.join("\n")).toEqual(expect.arrayContaining([expect.any(Number)]));
  expect(Math.min(...perWorker)).toBeGreaterThan(1);
  expect(withWasm?.rssAnonMiB).toBeGreaterThan(0);
  expect(
    lines.some((line) => /wasm MiB http \d+ \(\d+\)\/\d+\/\d+\/\d+ \[/.test(line)),
    lines.join("\n"),
  ).toBe(true);
  // The mix reached every operation, the instance-killing `trap` included.
  expect(Object.keys(totals.byOperation).sort()).toEqual([
    "echo",
    "echo 64 KiB",
    "fail",
    "slow 5 ms",
    "trap",
  ]);
}, 180_000);

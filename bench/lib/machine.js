// What the benchmarks ran on: recorded with every result so figures from different runs compare.
import { execFileSync } from "node:child_process";
import { arch, cpus, freemem, loadavg, platform, release, totalmem } from "node:os";

function gitCommit() {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "packages", "bench"], {
      encoding: "utf8",
    }).trim();
    return dirty ? `${commit}+local changes` : commit;
  } catch {
    return "unknown";
  }
}

/** The machine, the runtime and the moment, as plain data. */
export function describeMachine() {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    freeMemoryGiB: Number((freemem() / 2 ** 30).toFixed(1)),
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    v8: process.versions.v8,
    loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
    commit: gitCommit(),
    // What was measured when it is not this checkout's host (e.g. a before/after comparison).
    ...(process.env.BENCH_NOTE ? { note: process.env.BENCH_NOTE } : {}),
  };
}

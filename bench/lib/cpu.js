// CPU time of a process tree, per thread kind, read from /proc (Linux). A closed-loop throughput
// figure on a shared 2-core machine swings with whatever else runs; the CPU each call costs, and
// on which thread, does not — it says how far a configuration can scale on this machine at all.
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's utime/stime (`getconf CLK_TCK`; 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** `pid`'s parent; `undefined` once gone. */
function parentOf(pid) {
  try {
    return Number(statFields(readFileSync(`/proc/${pid}/stat`, "utf8"))[1]);
  } catch {
    return undefined;
  }
}

/** The CPU ticks of each of `pid`'s threads, by thread name; `undefined` once gone. */
function readThreads(pid) {
  try {
    const threads = [];
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = statFields(stat);
      threads.push({ name, ticks: Number(fields[11]) + Number(fields[12]) });
    }
    return threads;
  } catch {
    return undefined;
  }
}

/** The fields after `(comm)` of a /proc stat line: [state, ppid, …]; utime/stime at 11 and 12. */
function statFields(stat) {
  return stat
    .slice(stat.lastIndexOf(")") + 2)
    .trim()
    .split(" ");
}

/** The pids of `root` and all its descendants. */
function processTree(root) {
  const parents = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent !== undefined) parents.set(Number(entry), parent);
  }
  const tree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parents)
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
  }
  return [...tree];
}

/** Thread kinds as Node 24 names them; the GC and compiler helpers, the pool, the rest. */
function kindOf(name) {
  if (name === "MainThread") return "main";
  if (name === "WorkerThread") return "worker threads";
  if (name === "V8Worker") return "V8 helpers";
  return "other";
}

/**
 * A snapshot of the CPU ticks of `root`'s process tree: per process (`primary` is `root`), per
 * thread kind. Subtract two with {@link cpuBetween}.
 */
export function cpuSnapshot(root) {
  const snapshot = new Map();
  for (const pid of processTree(root)) {
    const threads = readThreads(pid);
    if (!threads) continue;
    const kinds = {};
    for (const thread of threads) {
      const kind = kindOf(thread.name);
      kinds[kind] = (kinds[kind] ?? 0) + thread.ticks;
    }
    snapshot.set(pid, kinds);
  }
  return snapshot;
}

/**
 * CPU seconds spent between two snapshots of one tree: `total`, `byKind` (summed over processes)
 * and `busiestMain` (the most any one process's main thread spent — the serial part).
 */
export function cpuBetween(before, after) {
  const byKind = {};
  let total = 0;
  let busiestMain = 0;
  for (const [pid, kinds] of after) {
    const earlier = before.get(pid) ?? {};
    for (const [kind, ticks] of Object.entries(kinds)) {
      const seconds = (ticks - (earlier[kind] ?? 0)) / TICKS_PER_SECOND;
      byKind[kind] = (byKind[kind] ?? 0) + seconds;
      total += seconds;
      if (kind === "main") busiestMain = Math.max(busiestMain, seconds);
    }
  }
  return { total, byKind, busiestMain };
}

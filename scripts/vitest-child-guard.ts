// A vitest setup file (every package's config includes it through vitest.config.base.ts): after each
// test file's own hooks have run, no process that the file started may still be running. A test
// that leaves one behind — a failing beforeAll that never reached its cleanup, a timed-out test
// whose child lives on — fails its file here, and the leftovers are killed so they outlive neither
// the file nor the CI run. Linux only (it reads /proc); elsewhere it does nothing.
import { readdirSync, readFileSync } from "node:fs";
import { afterAll } from "vitest";

/** How long a child may take to exit after the file's cleanup asked it to. */
const GRACE_MS = 5_000;

interface ProcessEntry {
  pid: number;
  parent: number;
  zombie: boolean;
  command: string;
}

afterAll(async () => {
  if (!hasProcfs()) return;
  const deadline = Date.now() + GRACE_MS;
  let left = descendants(process.pid);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = descendants(process.pid);
  }
  if (left.length === 0) return;
  for (const entry of left) {
    try {
      process.kill(entry.pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
  const list = left.map((entry) => `  pid ${entry.pid}: ${entry.command}`).join("\n");
  throw new Error(
    `this test file left ${left.length} process(es) running ${GRACE_MS / 1000} s after its cleanup (now killed):\n${list}\n` +
      "End every child process in a finally/afterAll that also runs when set-up failed.",
  );
}, GRACE_MS + 5_000);

function hasProcfs(): boolean {
  try {
    readFileSync("/proc/self/stat");
    return true;
  } catch {
    return false;
  }
}

/** Live (non-zombie) descendants of `root`, except esbuild's service, which exits with its parent. */
function descendants(root: number): ProcessEntry[] {
  const all = processTable();
  const found: ProcessEntry[] = [];
  const parents = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const entry of all) {
      if (parents.has(entry.parent) && !parents.has(entry.pid)) {
        parents.add(entry.pid);
        found.push(entry);
        grew = true;
      }
    }
  }
  return found.filter((entry) => !entry.zombie && !isEsbuildService(entry.command));
}

function isEsbuildService(command: string): boolean {
  return /(^|\/)esbuild\s.*--service=/.test(command);
}

function processTable(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // pid (comm) state ppid …; comm may contain spaces and parentheses, so split after the last ")".
      const [state, parent] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const command = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ").trim();
      entries.push({ pid: Number(name), parent: Number(parent), zombie: state === "Z", command });
    } catch {
      // exited while we looked
    }
  }
  return entries;
}

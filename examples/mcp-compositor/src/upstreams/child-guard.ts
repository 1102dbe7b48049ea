import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * The command line that starts a stdio upstream so that it dies with the compositor, even a
 * compositor killed with SIGKILL (whose own shutdown never runs). Node has no parent-death signal,
 * so on Linux the child is started through util-linux's `setpriv --pdeathsig KILL`, which sets
 * `PR_SET_PDEATHSIG` and then execs the command: same process id, same pipes, and the kernel kills
 * it when the compositor's thread that spawned it exits. Elsewhere, or without `setpriv`, the
 * command runs as given; a closed stdin then ends SDK servers, but not those that ignore it.
 */
export function guardedCommand(
  command: string,
  args: readonly string[],
): { command: string; args: string[] } {
  const setpriv = process.platform === "linux" ? findSetpriv() : undefined;
  return setpriv
    ? { command: setpriv, args: ["--pdeathsig", "KILL", "--", command, ...args] }
    : { command, args: [...args] };
}

let found: string | null | undefined;

function findSetpriv(): string | undefined {
  if (found === undefined) {
    found = null;
    for (const dir of (process.env.PATH ?? "/usr/bin:/bin").split(delimiter)) {
      try {
        accessSync(join(dir, "setpriv"), constants.X_OK);
        found = join(dir, "setpriv");
        break;
      } catch {
        // not here
      }
    }
  }
  return found ?? undefined;
}

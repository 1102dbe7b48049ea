/**
 * What the sandbox's `wasi:cli/exit` throws instead of ending the process: it unwinds the guest
 * out of its export call, and the instance that called it is discarded and replaced. preview2-shim's
 * own `exit` calls `process.exit` — in the host's thread (isolation `"in-process"`) that would stop
 * the host and every other component; in a worker it would end the worker without a word.
 */
export class GuestExit extends Error {
  /** The status the guest asked for: 0 for `exit(ok)`, 1 for `exit(err)`, or its `exit-with-code`. */
  readonly status: number;

  constructor(status: number) {
    super(`it called wasi:cli/exit with status ${status}`);
    this.name = "GuestExit";
    this.status = status;
  }
}

/** `wasi:cli/exit` for one sandbox: never reaches `process.exit`. */
export function containedExit() {
  return {
    exit(status: { tag: "ok" | "err" }): never {
      throw new GuestExit(status?.tag === "ok" ? 0 : 1);
    },
    exitWithCode(code: number): never {
      throw new GuestExit(Number(code) & 0xff);
    },
  };
}

/**
 * Host detail a client may see when a guest trapped: a WebAssembly trap's own message ("unreachable",
 * "memory access out of bounds"), a contained exit, and for any other exception thrown by an
 * import its name and message with host paths replaced — a host path never reaches a client.
 */
export function describeTrap(error: unknown): string {
  if (error instanceof GuestExit) return error.message;
  if (error instanceof WebAssembly.RuntimeError) return `${error.name}: ${error.message}`;
  if (error instanceof Error) return `${error.name} in a host import: ${withoutHostPaths(error.message)}`;
  return `a host import threw ${withoutHostPaths(String(error))}`;
}

/** Replaces absolute paths (`/a/b`, `C:\a`, `file:///a`) with `<host path>`. */
export function withoutHostPaths(text: string): string {
  return text
    .replace(/file:\/\/[^\s'"`,;)]*/g, "<host path>")
    .replace(/(^|[\s'"`(=:])(?:\/[^\s'"`,;)]+)+/g, "$1<host path>")
    .replace(/\b[A-Za-z]:\\[^\s'"`,;)]*/g, "<host path>");
}

/**
 * What the `mcp-compositor` command sets for the process it runs in, measured with
 * `bench/cli-memory.js` (figures in the compositor README): glibc's malloc arenas capped at two.
 * Each of the compositor's threads (the host thread, one worker per instance, their WASI I/O
 * threads) otherwise gets a malloc arena of its own that keeps what it freed.
 */
export const MEMORY_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: "2" };

/** Node/V8 flags the command adds (none measured to help; see the README). */
export const MEMORY_FLAGS: readonly string[] = [];

/** Set in the process the command started again, so that it does not start itself once more. */
const APPLIED = "WASI_MCP_MEMORY_SETTINGS";

/**
 * The environment and Node flags to start the CLI again with, or `undefined` when there is nothing
 * to change: `WASI_MCP_NO_REEXEC=1`, the settings already applied, or every one of them already
 * chosen by the user (a variable set, a flag given on the command line or in NODE_OPTIONS).
 */
export function memorySettings(
  env: NodeJS.ProcessEnv,
  execArgv: readonly string[],
): { env: NodeJS.ProcessEnv; execArgv: string[] } | undefined {
  if (env.WASI_MCP_NO_REEXEC === "1" || env[APPLIED] === "1") return undefined;
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? "").split(/\s+/)].map((flag) => flag.split("=")[0]);
  const flags = MEMORY_FLAGS.filter((flag) => !given.includes(flag.split("=")[0]));
  const variables = Object.entries(MEMORY_ENV).filter(([name]) => env[name] === undefined);
  if (flags.length === 0 && variables.length === 0) return undefined;
  return {
    env: { ...env, ...Object.fromEntries(variables), [APPLIED]: "1" },
    execArgv: [...flags, ...execArgv],
  };
}

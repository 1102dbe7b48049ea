#!/usr/bin/env node
// The `mcp-compositor` command. glibc reads MALLOC_ARENA_MAX only when the process starts, and V8's
// heap flags must be given before it sets its heap up, so the measured settings (memory-settings.ts)
// are applied by starting Node again with them — in place (`process.execve`: same pid, same stdio,
// nothing written to stdout) — then the CLI runs. WASI_MCP_NO_REEXEC=1 runs it as started.
import { fileURLToPath } from "node:url";
import { memorySettings } from "./memory-settings.js";

const cliUrl = new URL("./cli.js", import.meta.url);
const cli = fileURLToPath(cliUrl);
const settings = memorySettings(process.env, process.execArgv);
const execve = (process as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never })
  .execve;

if (settings && execve) {
  execve(
    process.execPath,
    [process.execPath, ...settings.execArgv, cli, ...process.argv.slice(2)],
    settings.env,
  );
} else {
  // By URL, so that the bundler leaves dist/cli.js one file rather than copying it in here.
  await import(cliUrl.href);
}

// A component instantiated in this thread, without the host: its handler exports called directly.
// The baseline of the host's per-call overhead (P2) and of instantiation time (P5).
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cli, clocks, filesystem, http, io, random } from "@bytecodealliance/preview2-shim";

const noop = () => {};

// The host removes the shim's wall-clock lowerings (they write the datetime at the wrong offsets;
// see packages/host/src/sandbox/wasi-shim.ts); so does this baseline, for the same guest behaviour.
for (const fn of [clocks.wallClock.now, clocks.wallClock.resolution]) delete fn[Symbol.for("cabiLower")];

/** A `wasi:mcp/runtime` that accepts everything and does nothing. */
const RUNTIME = {
  registerServer: noop,
  registerTools: noop,
  registerResources: noop,
  registerResourceTemplates: noop,
  registerPrompts: noop,
  serve: noop,
  sendNotification: noop,
  log: noop,
  reportProgress: noop,
  getClientCapabilities: () => ({ sampling: false, elicitation: false, roots: false }),
  requestSampling: noop,
  requestElicitation: noop,
};

function imports() {
  const fs = filesystem.createFilesystem({ preopens: {} });
  return {
    "wasi:cli/environment": cli.environment,
    "wasi:cli/exit": cli.exit,
    "wasi:cli/stdin": cli.stdin,
    "wasi:cli/stdout": cli.stdout,
    "wasi:cli/stderr": cli.stderr,
    "wasi:cli/terminal-input": cli.terminalInput,
    "wasi:cli/terminal-output": cli.terminalOutput,
    "wasi:cli/terminal-stdin": cli.terminalStdin,
    "wasi:cli/terminal-stdout": cli.terminalStdout,
    "wasi:cli/terminal-stderr": cli.terminalStderr,
    "wasi:clocks/monotonic-clock": clocks.monotonicClock,
    "wasi:clocks/wall-clock": clocks.wallClock,
    "wasi:filesystem/preopens": fs.preopens,
    "wasi:filesystem/types": fs.types,
    "wasi:io/error": io.error,
    "wasi:io/poll": io.poll,
    "wasi:io/streams": io.streams,
    "wasi:random/random": random.random,
    // Imported by components built with the guest kit's `fetch` (hello's `fetch_url`); echo never calls it.
    "wasi:http/types": http.types,
    "wasi:http/outgoing-handler": http.outgoingHandler,
    "wasi:mcp/runtime": RUNTIME,
  };
}

/** The one transpiled entry of a cache directory that holds a single component. */
export function transpiledDirectory(cacheDirectory) {
  const entries = readdirSync(join(cacheDirectory, "transpiled"));
  if (entries.length !== 1) throw new Error(`[@wasi-mcp/bench] expected one entry in ${cacheDirectory}`);
  return join(cacheDirectory, "transpiled", entries[0]);
}

/**
 * Instantiates the transpiled component in `directory` in this thread and runs its `run` export.
 * Returns the instance and how long compiling, instantiating and running took (ms).
 */
export async function instantiateDirect(directory) {
  const started = performance.now();
  const generated = await import(pathToFileURL(join(directory, "component.js")).href);
  const files = readdirSync(directory).filter((file) => file.endsWith(".wasm"));
  const modules = Object.fromEntries(
    await Promise.all(
      files.map(async (file) => [file, await WebAssembly.compile(await readFile(join(directory, file)))]),
    ),
  );
  const compiled = performance.now();
  const instance = await generated.instantiate((file) => modules[file], imports());
  instance.run.run();
  const ready = performance.now();
  return { instance, compileMs: compiled - started, instantiateMs: ready - compiled };
}

/** A direct `call-tool echo` on an instance: what the export costs with no host around it. */
export function directEcho(instance) {
  const context = { requestId: "1" };
  const args = JSON.stringify({ text: "hello" });
  return () => instance.handlers.callTool(context, "echo", args);
}

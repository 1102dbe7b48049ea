// Times `take` (a 64 KiB string in) and `echo` (the same string in and out) on one instance.
// Usage: node run.mjs [KiB]
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cli, clocks, filesystem, io, random } from "@bytecodealliance/preview2-shim";

const kib = Number(process.argv[2] ?? 64);
const fs = filesystem.createFilesystem({ preopens: {} });
const imports = {
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
};
const generated = await import(pathToFileURL(join("out", "repro.js")).href);
const modules = {};
for (const file of readdirSync("out").filter((name) => name.endsWith(".wasm")))
  modules[file] = await WebAssembly.compile(await readFile(join("out", file)));
const instance = await generated.instantiate((file) => modules[file], imports);
const text = "x".repeat(kib * 1024);
for (const name of ["take", "echo", "take", "echo"]) {
  const calls = 200;
  const started = performance.now();
  for (let i = 0; i < calls; i++) await instance[name](text);
  console.log(`${name}(${kib} KiB): ${((performance.now() - started) / calls).toFixed(2)} ms per call`);
}

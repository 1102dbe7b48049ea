// Calls one export of one instance CALLS times and prints its linear memory every EVERY calls.
// Usage: node run.mjs nothing | node run.mjs churn 100
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cli, clocks, filesystem, io, random } from "@bytecodealliance/preview2-shim";

const [fn = "nothing", ...rest] = process.argv.slice(2);
const args = rest.map(Number);
const calls = Number(process.env.CALLS ?? 300_000);
const every = Number(process.env.EVERY ?? 25_000);
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
const memories = [];
const instance = await generated.instantiate(
  (file) => modules[file],
  imports,
  async (module, moduleImports) => {
    const core = await WebAssembly.instantiate(module, moduleImports);
    for (const value of Object.values(core.exports))
      if (value instanceof WebAssembly.Memory) memories.push(value);
    return core;
  },
);
const mib = () => (memories[0].buffer.byteLength / 1024 / 1024).toFixed(2);
console.log(`${fn}(${args.join(", ")}): linear memory ${mib()} MiB at start`);
for (let i = 1; i <= calls; i++) {
  await instance[fn](...args);
  if (i % every === 0) console.log(`${i} calls: ${mib()} MiB`);
}

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { compileModules, releaseBytes } from "../engine/compile-modules.js";

/**
 * Compiles every core module of the transpiled component in `directory` once per process and
 * memory cap (see the engine's `compileModules`). The bytes read are freed once compiled.
 */
export function compileModuleFiles(
  directory: string,
  memoryLimitBytes: number,
): Promise<Record<string, WebAssembly.Module>> {
  let read: Record<string, Uint8Array> = {};
  const modules = compileModules(
    directory,
    async () => {
      read = await readModules(directory);
      return read;
    },
    memoryLimitBytes,
  );
  const release = () => {
    for (const bytes of Object.values(read)) releaseBytes(bytes);
    read = {};
  };
  modules.then(release, release);
  return modules;
}

async function readModules(directory: string): Promise<Record<string, Uint8Array>> {
  const files = (await readdir(directory)).filter((file) => file.endsWith(".wasm"));
  const bytes = await Promise.all(files.map((file) => readFile(join(directory, file))));
  return Object.fromEntries(files.map((file, i) => [file, bytes[i] as Uint8Array]));
}

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { HostError } from "@wasi-mcp/conversions";
import { limitMemory, WASM_PAGE_BYTES } from "../engine/wasm-memory-limit.js";

const compiled = new Map<string, Promise<Record<string, unknown>>>();

/**
 * Compiles every core module of a transpiled component once per process and memory cap; workers
 * get the compiled modules (a `WebAssembly.Module` can be posted to a worker), so a restart does
 * not compile again.
 */
export function compileModules(
  directory: string,
  memoryLimitBytes: number,
): Promise<Record<string, unknown>> {
  const maxPages = Math.floor(memoryLimitBytes / WASM_PAGE_BYTES);
  const key = `${directory}\0${maxPages}`;
  let modules = compiled.get(key);
  if (!modules) {
    modules = compileAll(directory, maxPages);
    compiled.set(key, modules);
    modules.catch(() => compiled.delete(key));
  }
  return modules;
}

async function compileAll(directory: string, maxPages: number): Promise<Record<string, unknown>> {
  const files = (await readdir(directory)).filter((file) => file.endsWith(".wasm"));
  const entries = await Promise.all(
    files.map(async (file) => {
      let bytes: Uint8Array = await readFile(join(directory, file));
      try {
        bytes = limitMemory(bytes, maxPages);
      } catch (error) {
        throw new HostError("COMPONENT_LOAD_FAILED", `memory limit: ${(error as Error).message}`);
      }
      return [file, await WebAssembly.compile(bytes)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

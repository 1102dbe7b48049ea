import { HostError } from "@wasi-mcp/conversions";
import { limitMemory, WASM_PAGE_BYTES } from "./wasm-memory-limit.js";

const compiled = new Map<string, Promise<Record<string, WebAssembly.Module>>>();

/**
 * Compiles the core modules of a transpiled component once per `key` (the transpiled component,
 * however the platform names it) and memory cap, with the cap written into their memories'
 * maximum (`memory.grow` past it fails, the guest traps): instances get the compiled modules (a
 * `WebAssembly.Module` can be posted to a worker), so a replacement does not compile again.
 */
export function compileModules(
  key: string,
  read: () => Promise<Record<string, Uint8Array>>,
  memoryLimitBytes: number,
): Promise<Record<string, WebAssembly.Module>> {
  const maxPages = Math.floor(memoryLimitBytes / WASM_PAGE_BYTES);
  const id = `${key}\0${maxPages}`;
  let modules = compiled.get(id);
  if (!modules) {
    modules = read().then((bytes) => compileAll(bytes, maxPages));
    compiled.set(id, modules);
    modules.catch(() => compiled.delete(id));
  }
  return modules;
}

async function compileAll(
  coreModules: Record<string, Uint8Array>,
  maxPages: number,
): Promise<Record<string, WebAssembly.Module>> {
  const entries = await Promise.all(
    Object.entries(coreModules).map(async ([file, bytes]) => {
      let limited: Uint8Array;
      try {
        limited = limitMemory(bytes, maxPages);
      } catch (error) {
        throw new HostError("COMPONENT_LOAD_FAILED", `memory limit: ${(error as Error).message}`);
      }
      const module = await WebAssembly.compile(limited as Uint8Array<ArrayBuffer>);
      // The compiled module keeps its own copy; the capped copy would otherwise wait for a full GC.
      if (limited !== bytes) releaseBytes(limited);
      return [file, module] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * Frees the memory behind `bytes` now, where it owns its whole `ArrayBuffer` (the buffer is
 * detached: `bytes` reads as empty afterwards). A module's bytes are garbage once it is compiled,
 * but a host that then idles runs no full GC for a long time: a StarlingMonkey component's 12.8 MB
 * core module and its capped copy stayed resident in the host thread (measured: −23 MiB RSS per
 * component when freed).
 */
export function releaseBytes(bytes: Uint8Array): void {
  const buffer = bytes.buffer;
  if (!(buffer instanceof ArrayBuffer) || bytes.byteOffset !== 0 || bytes.byteLength !== buffer.byteLength)
    return;
  try {
    // ES2024 (Node 21+, every current browser); the lib this package targets predates it.
    (buffer as ArrayBuffer & { transfer(length: number): ArrayBuffer }).transfer(0);
  } catch {
    // Not detachable (a buffer the platform keeps): left to the garbage collector.
  }
}

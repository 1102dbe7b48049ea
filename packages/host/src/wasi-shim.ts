import type * as Preview2Shim from "@bytecodealliance/preview2-shim";

/** The parts of `@bytecodealliance/preview2-shim` the WASI sandbox is built from. */
export type WasiShimModule = "cli" | "clocks" | "filesystem" | "http" | "io" | "random";

/** The shim's modules a component needs, by name; the others are absent. */
export type WasiShim = Partial<{ [Name in WasiShimModule]: (typeof Preview2Shim)[Name] }>;

/** Which shim modules each WASI package needs (`wasi:cli`'s stdin is built on io and clocks). */
const MODULES_FOR_PACKAGE: Readonly<Record<string, readonly WasiShimModule[]>> = {
  "wasi:cli": ["cli", "io", "clocks"],
  "wasi:clocks": ["clocks"],
  "wasi:filesystem": ["filesystem"],
  "wasi:http": ["http"],
  "wasi:io": ["io"],
  "wasi:random": ["random"],
};

const loading = new Map<WasiShimModule, Promise<unknown>>();

/** The shim modules the interfaces in `imports` (e.g. `wasi:cli/stdout@0.2.3`) need. */
export function shimModulesFor(imports: readonly string[]): WasiShimModule[] {
  const needed = new Set<WasiShimModule>();
  for (const name of imports) {
    const wasiPackage = name.split("/")[0] ?? "";
    for (const module of MODULES_FOR_PACKAGE[wasiPackage] ?? []) needed.add(module);
  }
  return [...needed].sort();
}

/**
 * Imports the shim modules a component's `imports` need, each once per thread. Only what is used
 * is loaded: any of them but `random` starts the shim's I/O worker thread (≈ 8 MB), and `http`
 * loads Node's `node:http` and undici (≈ 50 ms); a component without WASI imports loads none.
 */
export async function loadWasiShim(imports: readonly string[]): Promise<WasiShim> {
  const names = shimModulesFor(imports);
  const modules = await Promise.all(names.map(load));
  return Object.fromEntries(names.map((name, i) => [name, modules[i]])) as WasiShim;
}

function load(name: WasiShimModule): Promise<unknown> {
  let module = loading.get(name);
  if (!module) {
    module = importShimModule(name);
    loading.set(name, module);
  }
  return module;
}

/** Static specifiers, so that bundlers and readers see every module that can be loaded. */
function importShimModule(name: WasiShimModule): Promise<unknown> {
  switch (name) {
    case "cli":
      return import("@bytecodealliance/preview2-shim/cli");
    case "clocks":
      return import("@bytecodealliance/preview2-shim/clocks");
    case "filesystem":
      return import("@bytecodealliance/preview2-shim/filesystem");
    case "http":
      return import("@bytecodealliance/preview2-shim/http");
    case "io":
      return import("@bytecodealliance/preview2-shim/io");
    case "random":
      return import("@bytecodealliance/preview2-shim/random");
  }
}

import type * as Preview2Shim from "@bytecodealliance/preview2-shim";
import { withDeferredIoWorker } from "./deferred-io-worker.js";

/** The parts of `@bytecodealliance/preview2-shim` the WASI sandbox is built from. */
export type WasiShimModule = "cli" | "clocks" | "filesystem" | "http" | "io" | "ioWorker" | "random";

/**
 * The shim's modules a component needs, by name; the others are absent. `ioWorker` is the shim's
 * interface to its I/O worker thread, where the host's outgoing HTTP client runs.
 */
export type WasiShim = Partial<
  { [Name in Exclude<WasiShimModule, "ioWorker">]: (typeof Preview2Shim)[Name] } & {
    ioWorker: typeof import("@bytecodealliance/preview2-shim/io-worker");
  }
>;

/** Which shim modules each WASI package needs (`wasi:cli`'s stdin is built on io and clocks). */
const MODULES_FOR_PACKAGE: Readonly<Record<string, readonly WasiShimModule[]>> = {
  "wasi:cli": ["cli", "io", "clocks"],
  "wasi:clocks": ["clocks"],
  "wasi:filesystem": ["filesystem"],
  "wasi:http": ["http", "ioWorker"],
  "wasi:io": ["io"],
  "wasi:random": ["random"],
};

const loading = new Map<WasiShimModule, Promise<unknown>>();

/** The property jco's `hybrid` import bindings look for on an import: a lowering straight to Wasm. */
const CABI_LOWER = Symbol.for("cabiLower");

/**
 * The shim's direct lowerings that were checked against the canonical ABI and jco's handle tables
 * (by reading them, and by the host's tests, whose guests use them): they skip jco's per-call task
 * bookkeeping, about half of a small call of a StarlingMonkey guest. Every other one is removed —
 * the shim's wall-clock lowerings write the datetime at the wrong offsets (the guest's clock reads
 * 0 and its memory past the record is overwritten), and a lowering added to a stream method in a
 * later shim would bypass the host's closed stdin.
 */
const VERIFIED_LOWERINGS: Readonly<Record<string, readonly string[]>> = {
  clocks: ["monotonicClock.now", "monotonicClock.resolution"],
  io: ["poll.poll", "poll.Pollable.prototype.ready", "poll.Pollable.prototype.block"],
  random: ["random.getRandomBytes"],
};

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
 * is loaded: `http` loads Node's `node:http` and undici (≈ 50 ms); a component without WASI imports
 * loads none. The shim's I/O worker thread starts on the shim's first call that needs it, not at
 * import (see deferred-io-worker.ts).
 */
export async function loadWasiShim(imports: readonly string[]): Promise<WasiShim> {
  const names = shimModulesFor(imports);
  const modules = await Promise.all(names.map(load));
  return Object.fromEntries(names.map((name, i) => [name, modules[i]])) as WasiShim;
}

function load(name: WasiShimModule): Promise<unknown> {
  let module = loading.get(name);
  if (!module) {
    module = withDeferredIoWorker(() => importShimModule(name)).then((loaded) => {
      keepVerifiedLowerings(loaded, new Set(VERIFIED_LOWERINGS[name]));
      return loaded;
    });
    loading.set(name, module);
  }
  return module;
}

/**
 * Removes every direct lowering from the functions and class methods of a shim module except the
 * `verified` ones (paths such as `poll.Pollable.prototype.ready`).
 */
export function keepVerifiedLowerings(module: unknown, verified: ReadonlySet<string>): void {
  const seen = new Set<unknown>();
  const visit = (value: unknown, path: string, depth: number) => {
    if ((typeof value !== "object" && typeof value !== "function") || value === null || seen.has(value))
      return;
    seen.add(value);
    if (typeof value === "function" && CABI_LOWER in value && !verified.has(path)) {
      delete (value as unknown as Record<symbol, unknown>)[CABI_LOWER];
    }
    if (depth === 0) return;
    for (const key of Object.getOwnPropertyNames(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor && "value" in descriptor)
        visit(descriptor.value, path ? `${path}.${key}` : key, depth - 1);
    }
  };
  visit(module, "", 4);
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
    case "ioWorker":
      return import("@bytecodealliance/preview2-shim/io-worker");
    case "random":
      return import("@bytecodealliance/preview2-shim/random");
  }
}

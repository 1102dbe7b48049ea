import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { HandlersExports, RunExports } from "@wasi-mcp/bindings";
import { guestErrorFrom, HostError } from "@wasi-mcp/conversions";
import { ComponentRegistry } from "./registry.js";
import { createRuntimeImports, type RuntimeServices } from "./runtime-imports.js";
import type { TranspiledComponent } from "./transpile-cache.js";
import { createWasiSandbox } from "./wasi-sandbox.js";

/** Interfaces that carry only types: jco lists them as imports, but nothing needs providing. */
const TYPE_ONLY_IMPORTS = new Set(["wasi:mcp/types", "wasi:mcp/content", "wasi:mcp/capabilities"]);

interface GeneratedModule {
  instantiate(
    getCoreModule: (name: string) => Promise<WebAssembly.Module>,
    imports: Record<string, object>,
  ): Promise<{ handlers: HandlersExports; run: RunExports }>;
}

/** Timings of one instantiation, in milliseconds. */
export interface InstantiationTimings {
  /** Compiling the core modules (0 when they were already compiled in this process). */
  compile: number;
  /** Instantiating the component. */
  instantiate: number;
  /** Running its `run` export (registration). */
  run: number;
}

/**
 * One live instance of a component, in this thread. Calls into it are serialized (a component
 * instance cannot be re-entered) and a trap poisons it: the next call gets a fresh instance.
 */
export class ComponentInstance {
  readonly #name: string;
  readonly #transpiled: TranspiledComponent;
  readonly #services: RuntimeServices;
  #modules: Promise<Map<string, WebAssembly.Module>> | undefined;
  #handlers: HandlersExports | undefined;
  #registry = new ComponentRegistry();
  #queue: Promise<unknown> = Promise.resolve();
  /** Timings of the most recent instantiation. */
  timings: InstantiationTimings = { compile: 0, instantiate: 0, run: 0 };

  constructor(name: string, transpiled: TranspiledComponent, services: RuntimeServices) {
    this.#name = name;
    this.#transpiled = transpiled;
    this.#services = services;
  }

  /** What the current instance registered. */
  get registry(): ComponentRegistry {
    return this.#registry;
  }

  /** Instantiates the component and runs its entry point; fails if it does not call `serve`. */
  async start(): Promise<void> {
    this.#checkImports();
    const compileStarted = performance.now();
    const modules = await this.#compileAll();
    const instantiateStarted = performance.now();
    const registry = new ComponentRegistry();
    const imports = {
      ...createWasiSandbox(this.#name),
      "wasi:mcp/runtime": createRuntimeImports(registry, this.#services),
    };
    const generated = (await import(pathToFileURL(this.#transpiled.entry).href)) as GeneratedModule;
    const instance = await generated
      .instantiate(async (file) => {
        const module = modules.get(file);
        if (!module) throw new Error(`core module ${file} is missing from the transpiled output`);
        return module;
      }, imports)
      .catch((error: unknown) => {
        throw new HostError("COMPONENT_LOAD_FAILED", `instantiation failed: ${(error as Error).message}`, {
          cause: error,
        });
      });
    const runStarted = performance.now();
    try {
      instance.run.run();
    } catch (error) {
      const guest = guestErrorFrom(error);
      const reason = guest ? `${guest.code}: ${guest.message}` : (error as Error).message;
      throw new HostError("COMPONENT_LOAD_FAILED", `its run export failed (${reason})`, { cause: error });
    }
    if (!registry.served) {
      throw new HostError("COMPONENT_CONTRACT", "its run export returned without calling runtime.serve");
    }
    const finished = performance.now();
    this.timings = {
      compile: instantiateStarted - compileStarted,
      instantiate: runStarted - instantiateStarted,
      run: finished - runStarted,
    };
    this.#handlers = instance.handlers;
    this.#registry = registry;
  }

  /**
   * Runs `fn` against the handlers once every earlier call has finished. A trap (any exception
   * that is not a guest `err` result) discards the instance; the next call starts a fresh one.
   */
  call<T>(fn: (handlers: HandlersExports) => T): Promise<T> {
    const run = this.#queue.then(async () => {
      if (!this.#handlers) await this.start();
      try {
        return fn(this.#handlers as HandlersExports);
      } catch (error) {
        if (!guestErrorFrom(error)) this.#handlers = undefined;
        throw error;
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Compiles every core module of the transpiled output once per process (re-instantiation reuses them). */
  async #compileAll(): Promise<Map<string, WebAssembly.Module>> {
    if (!this.#modules) {
      const files = (await readdir(this.#transpiled.directory)).filter((file) => file.endsWith(".wasm"));
      this.#modules = Promise.all(
        files.map(
          async (file) =>
            [
              file,
              await WebAssembly.compile(await readFile(join(this.#transpiled.directory, file))),
            ] as const,
        ),
      ).then((entries) => new Map(entries));
    }
    return this.#modules;
  }

  #checkImports(): void {
    const provided = new Set([...Object.keys(createWasiSandbox(this.#name)), "wasi:mcp/runtime"]);
    const denied = this.#transpiled.imports
      .map((name) => name.replace(/@[^@]*$/, ""))
      .filter((name) => !provided.has(name) && !TYPE_ONLY_IMPORTS.has(name));
    if (denied.length > 0) {
      throw new HostError(
        "COMPONENT_LOAD_FAILED",
        `it imports ${denied.join(", ")}, which this host does not grant to components`,
      );
    }
  }
}

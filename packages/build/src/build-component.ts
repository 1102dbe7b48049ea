import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { componentize } from "@bytecodealliance/componentize-js";
import { WORLDS, type WorldName } from "@wasi-mcp/bindings";
import { bundleModule } from "./bundle.js";
import { checkComponent } from "./component-check.js";
import { checkModuleContract } from "./module-contract.js";
import { withStringLoweringFix } from "./string-lowering.js";
import { checkWitCoversModule, moduleWitVersion, type ResolvedWit, resolveWit } from "./wit-resolution.js";

/** Options of {@link buildComponent}. */
export interface BuildComponentOptions {
  /** The entry module: TypeScript or JavaScript (ESM). It is bundled with its npm imports first. */
  source: string;
  /** Where to write the component. */
  output: string;
  /** The wasi:mcp world the module implements. Default `mcp-backend`. */
  world?: WorldName;
  /**
   * A WIT directory holding a custom world to build against instead of the wasi:mcp package
   * shipped with `@wasi-mcp/bindings`. The wasi:mcp package it references (any shipped version) is
   * added by itself unless its `deps/` already holds one.
   */
  witPath?: string;
  /**
   * Compiles `fetch` in (the component imports `wasi:http/outgoing-handler`). Default true: the
   * host's policy (`allowedHosts`, empty by default) is what denies the network, not the build.
   * False leaves `fetch` out (a smaller import list; `fetch` then traps in the guest).
   */
  http?: boolean;
  /** @deprecated `http` is on by default; `enableHttp: false` still turns it off. */
  enableHttp?: boolean;
  /**
   * Bundle the entry (strip types, inline npm imports, keep `wasi:*` external) before
   * componentizing. Default true; false hands a self-contained JavaScript module over unchanged.
   */
  bundle?: boolean;
  /**
   * Lower string results natively (`encodeInto`) instead of with ComponentizeJS 0.23's encoder, which
   * measures each string with an interpreted loop (≈ 0.3 µs per character; 19 ms of a 64 KiB
   * result). Default true; false keeps ComponentizeJS's own (to compare).
   */
  nativeStrings?: boolean;
  /** Progress lines (to stderr in the CLI). */
  onProgress?: (message: string) => void;
}

/** What {@link buildComponent} produced. */
export interface BuildComponentResult {
  /** Absolute path of the component. */
  output: string;
  /** Its size in bytes. */
  bytes: number;
  /** Build time in milliseconds. */
  milliseconds: number;
  /** Size of the bundled module in bytes (undefined when not bundled). */
  bundleBytes?: number | undefined;
}

/**
 * Bundles a TypeScript or JavaScript entry (esbuild; `wasi:*` imports stay external), checks its
 * exports and imports against the world, componentizes it with ComponentizeJS, checks that the
 * output really is a component exporting what the world requires (componentizers can "succeed"
 * without one), and writes it atomically.
 *
 * @example
 * ```ts
 * await buildComponent({ source: "src/server.ts", output: "dist/server.wasm" });
 * ```
 */
export async function buildComponent(options: BuildComponentOptions): Promise<BuildComponentResult> {
  const started = performance.now();
  const world = options.world ?? "mcp-backend";
  if (!WORLDS.includes(world))
    throw new Error(`unknown world "${world}"; expected one of ${WORLDS.join(", ")}`);
  const source = resolve(options.source);
  const output = resolve(options.output);
  if (!existsSync(source)) throw new Error(`${options.source}: no such file`);
  const progress = options.onProgress ?? (() => {});
  const bundle = await prepareModule(source, world, options, progress);
  let component: Uint8Array;
  let wit: ResolvedWit | undefined;
  try {
    const version = moduleWitVersion(bundle?.imports ?? [], options.source);
    wit = await resolveWit(options.witPath, version, options.source);
    if (options.witPath !== undefined) {
      checkWitCoversModule(bundle?.imports ?? [], wit.versions, options.witPath, options.source);
    }
    const of = options.witPath ?? `wasi:mcp@${version}`;
    progress(`componentizing against world ${world} of ${of} (wasi:mcp ${wit.versions.join(", ")})`);
    const witPath = wit.path;
    const run = () =>
      componentize({
        sourcePath: bundle?.file ?? source,
        witPath,
        worldName: world,
        // fetch-event would make the component an HTTP server (wasi:http/incoming-handler): never.
        disableFeatures: httpEnabled(options) ? ["fetch-event"] : ["http", "fetch-event"],
      });
    const { result, fixed } =
      options.nativeStrings === false
        ? { result: await run(), fixed: false }
        : await withStringLoweringFix(run);
    ({ component } = result);
    progress(
      fixed
        ? "string results lowered natively (ComponentizeJS's encoder replaced)"
        : options.nativeStrings === false
          ? "string results lowered by ComponentizeJS's own encoder (nativeStrings: false)"
          : "string results lowered by ComponentizeJS's own encoder (its bindings changed: the fix did not apply)",
    );
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith(`${options.source}:`)) throw error;
    throw new Error(`${options.source}: componentize failed: ${firstLines(message)}`);
  } finally {
    await bundle?.dispose();
    await wit?.dispose();
  }
  progress("checking the component");
  await checkComponent(component, world, options.output);
  await mkdir(dirname(output), { recursive: true });
  const partial = `${output}.partial-${process.pid}`;
  try {
    await writeFile(partial, component);
    await rename(partial, output);
  } finally {
    await rm(partial, { force: true });
  }
  const written = await readFile(output);
  if (written.byteLength !== component.byteLength) throw new Error(`${options.output}: short write`);
  return {
    output,
    bytes: component.byteLength,
    milliseconds: performance.now() - started,
    bundleBytes: bundle?.bytes,
  };
}

/** `http`, else the deprecated `enableHttp`, else on. */
function httpEnabled(options: BuildComponentOptions): boolean {
  return options.http ?? options.enableHttp ?? true;
}

/** Bundles the entry and checks its exports/imports against the world (unless bundling is off). */
async function prepareModule(
  source: string,
  world: WorldName,
  options: BuildComponentOptions,
  progress: (message: string) => void,
) {
  if (options.bundle === false) return undefined;
  progress(`bundling ${options.source}`);
  const bundle = await bundleModule(source, options.source);
  try {
    checkModuleContract(bundle, world, options.source);
  } catch (error) {
    await bundle.dispose();
    throw error;
  }
  progress(`bundled ${(bundle.bytes / 1024).toFixed(0)} KiB; exports ${bundle.exports.join(", ")}`);
  return bundle;
}

function firstLines(message: string): string {
  return message.split("\n").slice(0, 12).join("\n");
}

import type { ImportTiming } from "../engine/worker-protocol.js";
import { containedExit } from "../guest-runtime/guest-exit.js";
import type { ResolvedPolicy } from "../policy.js";
import { createGuardedFilesystem, requireExistingPreopens } from "./filesystem/fs-guard.js";
import { createOutgoingHttp, type HttpRefusalListener } from "./http/outgoing-http.js";
import { boundedOutput } from "./io/bounded-output.js";
import { IoResources } from "./io/io-resources.js";
import type { WasiShim } from "./wasi-shim.js";

/** A WASI import object keyed by unversioned interface name, as jco's async instantiation wants it. */
export type WasiImports = Record<string, object>;

/** Where a guest's stdout and stderr go when they must not be the thread's own (in-process). */
export interface GuestOutput {
  write(stream: "stdout" | "stderr", bytes: Uint8Array): void;
}

export type { HttpRefusalListener };

/**
 * WASI for one component instance, deny by default, built from the `shim` modules loaded for it
 * (see `loadWasiShim`: interfaces of modules not loaded are absent, so a component importing them
 * is refused). Granted by the policy: preopened directories (guarded against escapes, optionally
 * read-only), the listed environment variables, and outgoing HTTP to the listed hosts within the
 * policy's limits (`outgoing-http.ts`; requests to any other destination are refused). Never granted: the host's environment, arguments or cwd, stdin (it
 * would steal the stdio transport's bytes), sockets, `process.exit` (`wasi:cli/exit` ends only the
 * calling instance: see {@link containedExit}). The guest's stdout and stderr are the
 * worker's, which the host captures, or go to `output` — never to the stdio transport's stdout.
 */
export function createWasiSandbox(
  componentName: string,
  policy: ResolvedPolicy,
  shim: WasiShim,
  output?: GuestOutput,
  onHttpRefused?: HttpRefusalListener,
  onImportTiming?: (timing: ImportTiming) => void,
): WasiImports {
  requireExistingPreopens(policy.preopens);
  const imports: WasiImports = {};
  const { cli, clocks, filesystem, http, io, random } = shim;
  /** Every stream and pollable the instance is handed counts against `policy.maxIoResources`. */
  const resources = new IoResources(policy.maxIoResources);
  if (cli && io && clocks) {
    const env = Object.entries(policy.env);
    /** Captured per instance, or the worker's own stream (the shim's, one per thread) bounded once. */
    const guestOutput = (name: "stdout" | "stderr"): (() => object) => {
      if (output) return () => capturedStream(io, clocks, output, name);
      const stream = name === "stdout" ? cli.stdout.getStdout() : cli.stderr.getStderr();
      const bounded = boundedOutput(stream, name === "stdout" ? process.stdout : process.stderr, name);
      return () => bounded;
    };
    Object.assign(imports, {
      "wasi:cli/environment": {
        getEnvironment: () => env,
        getArguments: () => [componentName],
        initialCwd: () => undefined,
      },
      "wasi:cli/exit": containedExit(),
      "wasi:cli/stdin": { getStdin: resources.counted(() => closedStdin(io, clocks)) },
      "wasi:cli/stdout": { getStdout: resources.counted(guestOutput("stdout")) },
      "wasi:cli/stderr": { getStderr: resources.counted(guestOutput("stderr")) },
      "wasi:cli/terminal-input": cli.terminalInput,
      "wasi:cli/terminal-output": cli.terminalOutput,
      "wasi:cli/terminal-stdin": { getTerminalStdin: () => undefined },
      "wasi:cli/terminal-stdout": { getTerminalStdout: () => undefined },
      "wasi:cli/terminal-stderr": { getTerminalStderr: () => undefined },
    });
  }
  if (clocks) {
    const { monotonicClock } = clocks;
    imports["wasi:clocks/monotonic-clock"] = {
      ...monotonicClock,
      subscribeDuration: resources.counted(monotonicClock.subscribeDuration),
      subscribeInstant: resources.counted(monotonicClock.subscribeInstant),
    };
    imports["wasi:clocks/wall-clock"] = clocks.wallClock;
  }
  if (filesystem) {
    const fs = createGuardedFilesystem(filesystem, policy.preopens, {
      maxOpenDescriptors: policy.maxOpenDescriptors,
      resources,
      IoError: io?.error.Error as unknown as new (payload: unknown) => object,
    });
    imports["wasi:filesystem/preopens"] = fs.preopens;
    imports["wasi:filesystem/types"] = fs.types;
  }
  if (io) {
    imports["wasi:io/error"] = io.error;
    imports["wasi:io/poll"] = io.poll;
    imports["wasi:io/streams"] = io.streams;
  }
  if (random) {
    imports["wasi:random/random"] = random.random;
    imports["wasi:random/insecure"] = random.insecure;
    imports["wasi:random/insecure-seed"] = random.insecureSeed;
  }
  if (http && shim.ioWorker)
    Object.assign(
      imports,
      createOutgoingHttp({ http, ioWorker: shim.ioWorker }, policy, resources, onHttpRefused, onImportTiming),
    );
  return imports;
}

/**
 * A stdin that is always at end of stream. The shim's own stdin reads the process's fd 0 — on the
 * stdio transport that is the MCP client's bytes. StarlingMonkey asks for stdin when it starts its
 * console, so refusing the call would break every guest.
 */
function closedStdin(io: NonNullable<WasiShim["io"]>, clocks: NonNullable<WasiShim["clocks"]>): object {
  const InputStream = io.streams.InputStream as unknown as new () => object;
  const closed = () => {
    throw { tag: "closed" };
  };
  return Object.assign(new InputStream(), {
    read: closed,
    blockingRead: closed,
    skip: closed,
    blockingSkip: closed,
    subscribe: () => clocks.monotonicClock.subscribeDuration(0n),
  });
}

/**
 * An output stream whose bytes go to `output` (the shim's stdout and stderr write to the thread's
 * own, which in the host's thread is the stdio transport's). Always ready, never full.
 */
function capturedStream(
  io: NonNullable<WasiShim["io"]>,
  clocks: NonNullable<WasiShim["clocks"]>,
  output: GuestOutput,
  stream: "stdout" | "stderr",
): object {
  const OutputStream = io.streams.OutputStream as unknown as new () => object;
  const write = (bytes: Uint8Array) => output.write(stream, bytes);
  const zeroes = (length: bigint) => write(new Uint8Array(Number(length)));
  const nothing = () => {};
  return Object.assign(new OutputStream(), {
    checkWrite: () => 1_048_576n,
    write,
    blockingWriteAndFlush: write,
    flush: nothing,
    blockingFlush: nothing,
    writeZeroes: zeroes,
    blockingWriteZeroesAndFlush: zeroes,
    subscribe: () => clocks.monotonicClock.subscribeDuration(0n),
  });
}

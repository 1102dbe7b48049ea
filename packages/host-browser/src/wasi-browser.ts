// The WASI imports of one instance, in its Web Worker, from preview2-shim's browser shims.
import * as cli from "@bytecodealliance/preview2-shim/cli";
import * as clocks from "@bytecodealliance/preview2-shim/clocks";
import * as filesystem from "@bytecodealliance/preview2-shim/filesystem";
import * as http from "@bytecodealliance/preview2-shim/http";
import * as io from "@bytecodealliance/preview2-shim/io";
import * as random from "@bytecodealliance/preview2-shim/random";
import {
  containedExit,
  type GuestOutput,
  type HttpRefusalListener,
  type WasiImports,
  type WasiRequest,
} from "@wasi-mcp/host/engine";
import { boundedFields, HeldBytes, IoResources } from "@wasi-mcp/host/portable";
import type { ResolvedBrowserPolicy } from "./policy.js";
import { makeBlockSynchronous, syncMonotonicClock, syncPoll } from "./sync-poll.js";

interface OutgoingRequestLike {
  scheme(): { tag: string; val?: string } | undefined;
  authority(): string | undefined;
}

/**
 * WASI for one instance, deny by default. Granted by the policy: in-memory directories, the listed
 * environment variables, and outgoing HTTP (through the page's `fetch`) to the listed origins, its
 * fields counted against `maxHostBytes`; its streams, pollables and response futures against
 * `maxIoResources` (the in-memory filesystem's streams hold no page resource beyond their file).
 * Never: stdin (always at end of stream), sockets, the page's own storage, the worker's own end
 * (`wasi:cli/exit` ends only the call, and the instance is replaced, as in Node). stdout and stderr
 * go to `output`, never to the console. A refused request is reported to `onHttpRefused`.
 */
export function createBrowserWasi(request: WasiRequest<ResolvedBrowserPolicy>): WasiImports {
  const { componentName, policy, onHttpRefused } = request;
  const output: GuestOutput = request.output ?? { write() {} };
  makeBlockSynchronous();
  const sink = (stream: "stdout" | "stderr") => ({
    write(bytes: Uint8Array) {
      output.write(stream, bytes);
    },
    blockingFlush() {},
    flush() {},
  });
  const wasiCli = cli.createCli({
    environment: policy.env,
    arguments: [componentName],
    stdout: sink("stdout"),
    stderr: sink("stderr"),
  });
  const resources = new IoResources(policy.maxIoResources);
  const files = filesystem.createFilesystem({
    adapter: new filesystem.InMemoryFilesystemAdapter(),
    preopens: policy.directories as never,
  });
  return {
    "wasi:cli/environment": wasiCli.environment,
    "wasi:cli/exit": containedExit(),
    "wasi:cli/stdin": { getStdin: resources.counted(wasiCli.stdin.getStdin) },
    "wasi:cli/stdout": { getStdout: resources.counted(wasiCli.stdout.getStdout) },
    "wasi:cli/stderr": { getStderr: resources.counted(wasiCli.stderr.getStderr) },
    "wasi:cli/terminal-input": wasiCli.terminalInput,
    "wasi:cli/terminal-output": wasiCli.terminalOutput,
    "wasi:cli/terminal-stdin": { getTerminalStdin: () => undefined },
    "wasi:cli/terminal-stdout": { getTerminalStdout: () => undefined },
    "wasi:cli/terminal-stderr": { getTerminalStderr: () => undefined },
    "wasi:clocks/monotonic-clock": {
      ...syncMonotonicClock,
      subscribeDuration: resources.counted(syncMonotonicClock.subscribeDuration),
      subscribeInstant: resources.counted(syncMonotonicClock.subscribeInstant),
    },
    "wasi:clocks/wall-clock": clocks.wallClock,
    "wasi:filesystem/preopens": files.preopens,
    "wasi:filesystem/types": files.types,
    "wasi:io/error": io.error,
    "wasi:io/poll": syncPoll,
    "wasi:io/streams": io.streams,
    "wasi:random/random": random.random,
    "wasi:random/insecure": random.insecure,
    "wasi:random/insecure-seed": random.insecureSeed,
    // The guest's fields live in the page's heap, outside the linear-memory cap: counted, as in Node.
    "wasi:http/types": {
      ...http.types,
      Fields: boundedFields(http.types.Fields, new HeldBytes(policy.maxHostBytes)),
    },
    "wasi:http/outgoing-handler": guardedOutgoing(policy.allowedOrigins, resources, onHttpRefused),
  };
}

/** Outgoing HTTP through `fetch`, refused (`HTTP-request-denied`) for origins not in `allowed`. */
function guardedOutgoing(
  allowed: readonly string[],
  resources: IoResources,
  onRefused: HttpRefusalListener,
): object {
  const origins = new Set(allowed);
  const handle = http.outgoingHandler.handle as (request: OutgoingRequestLike, options: unknown) => unknown;
  return {
    handle: resources.counted(guarded, () => {
      throw { tag: "internal-error", val: "policy.maxIoResources" };
    }),
  };
  function guarded(request: OutgoingRequestLike, options: unknown) {
    const scheme = request.scheme();
    const name = scheme?.tag === "other" ? scheme.val : scheme?.tag === "HTTP" ? "http" : "https";
    const origin = `${(name ?? "https").toLowerCase()}://${(request.authority() ?? "").toLowerCase()}`;
    let normalised: string;
    try {
      normalised = new URL(origin).origin;
    } catch {
      onRefused(origin, "not a valid origin");
      throw { tag: "HTTP-request-denied" };
    }
    if (!origins.has(normalised)) {
      onRefused(normalised, "its origin is not in policy.allowedOrigins");
      throw { tag: "HTTP-request-denied" };
    }
    return handle(request, options);
  }
}

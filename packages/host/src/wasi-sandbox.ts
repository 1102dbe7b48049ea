import { cli, clocks, http, io, random } from "@bytecodealliance/preview2-shim";
import { createGuardedFilesystem } from "./fs-guard.js";
import type { ResolvedPolicy } from "./policy.js";

/** A WASI import object keyed by unversioned interface name, as jco's async instantiation wants it. */
export type WasiImports = Record<string, object>;

interface OutgoingRequestLike {
  authority(): string | undefined;
}

/**
 * WASI for one component instance, deny by default. Granted by the policy: preopened directories
 * (guarded against escapes, optionally read-only), the listed environment variables, and outgoing
 * HTTP to the listed hosts (requests to any other host are refused). Never granted: the host's
 * environment, arguments or cwd, stdin (it would steal the stdio transport's bytes), sockets. The guest's stdout and stderr are the worker's,
 * which the host captures — they never reach the stdio transport's stdout.
 */
export function createWasiSandbox(componentName: string, policy: ResolvedPolicy): WasiImports {
  const fs = createGuardedFilesystem(policy.preopens);
  const env = Object.entries(policy.env);
  const imports: WasiImports = {
    "wasi:cli/environment": {
      getEnvironment: () => env,
      getArguments: () => [componentName],
      initialCwd: () => undefined,
    },
    "wasi:cli/exit": cli.exit,
    "wasi:cli/stdin": { getStdin: closedStdin },
    "wasi:cli/stdout": cli.stdout,
    "wasi:cli/stderr": cli.stderr,
    "wasi:cli/terminal-input": cli.terminalInput,
    "wasi:cli/terminal-output": cli.terminalOutput,
    "wasi:cli/terminal-stdin": { getTerminalStdin: () => undefined },
    "wasi:cli/terminal-stdout": { getTerminalStdout: () => undefined },
    "wasi:cli/terminal-stderr": { getTerminalStderr: () => undefined },
    "wasi:clocks/monotonic-clock": clocks.monotonicClock,
    "wasi:clocks/wall-clock": clocks.wallClock,
    "wasi:filesystem/preopens": fs.preopens,
    "wasi:filesystem/types": fs.types,
    "wasi:io/error": io.error,
    "wasi:io/poll": io.poll,
    "wasi:io/streams": io.streams,
    "wasi:random/random": random.random,
    "wasi:random/insecure": random.insecure,
    "wasi:random/insecure-seed": random.insecureSeed,
  };
  // Outgoing HTTP is always importable, so a component that can fetch still loads without network;
  // every request to a host outside the allow list (all of them by default) is refused.
  const allowed = new Set(policy.allowedHosts.map((host) => host.toLowerCase()));
  const handle = http.outgoingHandler.handle as (request: OutgoingRequestLike, options: unknown) => unknown;
  imports["wasi:http/types"] = http.types;
  imports["wasi:http/outgoing-handler"] = {
    handle(request: OutgoingRequestLike, options: unknown) {
      const authority = (request.authority() ?? "").toLowerCase();
      const hostOnly = authority.replace(/:\d+$/, "");
      if (!allowed.has(authority) && !allowed.has(hostOnly)) throw { tag: "HTTP-request-denied" };
      return handle(request, options);
    },
  };
  return imports;
}

/**
 * A stdin that is always at end of stream. The shim's own stdin reads the process's fd 0 — on the
 * stdio transport that is the MCP client's bytes. StarlingMonkey asks for stdin when it starts its
 * console, so refusing the call would break every guest.
 */
function closedStdin(): object {
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

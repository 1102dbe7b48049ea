import { cli, clocks, filesystem, io, random } from "@bytecodealliance/preview2-shim";

/** A WASI import object keyed by unversioned interface name, as jco's async instantiation wants it. */
export type WasiImports = Record<string, object>;

/** The Node flavour of the shim's filesystem module; its published types describe the browser one. */
interface NodeFilesystemModule {
  createFilesystem(config: { preopens: Record<string, string> }): { preopens: object; types: object };
}

/**
 * WASI for one component instance, deny by default: no filesystem (the shim's default would
 * preopen the host's `/`), no environment variables or arguments, no stdin (it would steal the
 * stdio transport's bytes), and the guest's stdout sent to the host's stderr so that it can never
 * corrupt protocol output. Clocks and randomness are granted.
 */
export function createWasiSandbox(componentName: string): WasiImports {
  const isolatedFs = (filesystem as unknown as NodeFilesystemModule).createFilesystem({ preopens: {} });
  const stderrStream = cli.stderr.getStderr();
  return {
    "wasi:cli/environment": {
      getEnvironment: () => [],
      getArguments: () => [componentName],
      initialCwd: () => undefined,
    },
    "wasi:cli/exit": cli.exit,
    "wasi:cli/stdin": {
      getStdin() {
        throw new Error(`[@wasi-mcp/host] ${componentName}: stdin is not available to components`);
      },
    },
    "wasi:cli/stdout": { getStdout: () => stderrStream },
    "wasi:cli/stderr": { getStderr: () => stderrStream },
    "wasi:cli/terminal-input": cli.terminalInput,
    "wasi:cli/terminal-output": cli.terminalOutput,
    "wasi:cli/terminal-stdin": { getTerminalStdin: () => undefined },
    "wasi:cli/terminal-stdout": { getTerminalStdout: () => undefined },
    "wasi:cli/terminal-stderr": cli.terminalStderr,
    "wasi:clocks/monotonic-clock": clocks.monotonicClock,
    "wasi:clocks/wall-clock": clocks.wallClock,
    "wasi:filesystem/preopens": isolatedFs.preopens,
    "wasi:filesystem/types": isolatedFs.types,
    "wasi:io/error": io.error,
    "wasi:io/poll": io.poll,
    "wasi:io/streams": io.streams,
    "wasi:random/random": random.random,
    "wasi:random/insecure": random.insecure,
    "wasi:random/insecure-seed": random.insecureSeed,
  };
}

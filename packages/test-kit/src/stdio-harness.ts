import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { ServerFixture } from "./fixtures.js";
import type { TransportHarness, TransportUnderTest } from "./harness.js";
import { yieldBetweenMessages } from "./yielding-transport.js";

/** How a stdio server process ended. */
interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Path of the built stdio fixture server (`dist/fixture-server.js`), from `src/` or `dist/` alike. */
export function fixtureServerPath(): string {
  return fileURLToPath(new URL("../dist/fixture-server.js", import.meta.url));
}

/**
 * stdio as the battery sees it: every client transport is the SDK's `StdioClientTransport`
 * (wrapped by {@link yieldBetweenMessages}) spawning `node fixture-server.js <id>`, a real process speaking newline-delimited JSON-RPC
 * through `@wasi-mcp/transport-stdio`. Healthy means every process exited 0 once its client
 * closed stdin: none crashed, hung or had to be killed.
 *
 * @example
 * ```ts
 * runTransportSuite(stdioTransport());
 * ```
 */
export function stdioTransport(): TransportUnderTest {
  return {
    name: "stdio",
    concurrentClients: false,
    async start(fixture: ServerFixture): Promise<TransportHarness> {
      const spawned: ChildProcess[] = [];
      const exits: Promise<Exit>[] = [];
      return {
        clientTransport() {
          const transport = new StdioClientTransport({
            command: process.execPath,
            args: [fixtureServerPath(), fixture.id],
            stderr: "pipe",
          });
          const stderr: string[] = [];
          transport.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
          const start = transport.start.bind(transport);
          transport.start = async () => {
            await start();
            const child = childOf(transport);
            spawned.push(child);
            exits.push(exitOf(child, stderr));
          };
          return yieldBetweenMessages(transport);
        },
        async assertHealthy() {
          for (const exit of await Promise.all(exits)) {
            if (exit.code !== 0) {
              throw new Error(
                `a stdio server exited with ${exit.code ?? exit.signal}; stderr:\n${exit.stderr}`,
              );
            }
          }
        },
        async close() {
          for (const child of spawned) if (child.exitCode === null) child.kill("SIGKILL");
        },
      };
    },
  };
}

/** The SDK keeps the child private; the battery needs its exit code to judge health. */
function childOf(transport: StdioClientTransport): ChildProcess {
  const child = (transport as unknown as { _process?: ChildProcess })._process;
  if (!child)
    throw new Error(
      "[@wasi-mcp/test-kit] StdioClientTransport no longer exposes _process; update the harness",
    );
  return child;
}

function exitOf(child: ChildProcess, stderr: string[]): Promise<Exit> {
  return new Promise((resolve) => {
    const done = (code: number | null, signal: NodeJS.Signals | null) =>
      resolve({ code, signal, stderr: stderr.join("") });
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode, child.signalCode);
    else child.once("exit", done);
  });
}

import { createRequire } from "node:module";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { loadComponent } from "@wasi-mcp/host";
import {
  createMcpEndpoint,
  createMcpServer,
  createModernMcpServer,
  type McpEndpoint,
  type ModernServer,
} from "@wasi-mcp/router";
import { createInteractiveBackend } from "./interactive-backend.js";

/** The fixtures the battery knows by name; a stdio server process selects one by its id. */
export type FixtureId = "hello" | "interactive";

/** A running fixture: a factory of SDK servers (one per connection or session). */
export interface FixtureInstance {
  /** A new, unconnected SDK `Server`; the transport under test connects it. */
  createServer(): Server;
  /** A new, unconnected 2026-07-28 server (SDK v2) over the same backend. */
  createModernServer(): ModernServer;
  /** The backend's endpoint (both revisions), for transports that take one. */
  readonly endpoint: McpEndpoint;
  /** Releases what `setup` acquired (component instances). */
  close(): Promise<void>;
}

/** What the battery serves: swap a fixture's `setup` to test the same cases against another server. */
export interface ServerFixture {
  readonly id: FixtureId;
  /** Loads whatever the servers need (a component, a backend) and returns their factory. */
  setup(): Promise<FixtureInstance>;
}

/** Absolute path of the built hello component (`examples/components/hello/dist/hello.wasm`). */
export function helloComponentPath(): string {
  return createRequire(import.meta.url).resolve("@wasi-mcp-examples/hello/dist/hello.wasm");
}

/**
 * The real hello component (tools `echo` and `add`, resource `hello://greeting`, prompt `greet`)
 * loaded by `@wasi-mcp/host`, routed by `@wasi-mcp/router`: the battery's basic cases run on it.
 *
 * @example
 * ```ts
 * const hello = await helloFixture.setup();
 * await hello.createServer().connect(transport);
 * ```
 */
export const helloFixture: ServerFixture = {
  id: "hello",
  async setup() {
    const component = await loadComponent(helloComponentPath());
    const endpoint = createMcpEndpoint(component.backend);
    return {
      createServer: () => createMcpServer(component.backend),
      createModernServer: () => createModernMcpServer(component.backend),
      endpoint,
      close: async () => {
        await endpoint.close();
        await component.close();
      },
    };
  },
};

/**
 * A router plain backend with the tool contract of `INTERACTIVE_TOOLS` (progress and log
 * notifications, elicitation, a call that waits to be cancelled). Replace `setup` with a component
 * implementing the same tools to run the interactive cases against it.
 */
export const interactiveFixture: ServerFixture = {
  id: "interactive",
  async setup() {
    const { backend } = createInteractiveBackend();
    const endpoint = createMcpEndpoint(backend);
    return {
      createServer: () => createMcpServer(backend),
      createModernServer: () => createModernMcpServer(backend),
      endpoint,
      close: () => endpoint.close(),
    };
  },
};

/** Every fixture by id. */
export const FIXTURES: Readonly<Record<FixtureId, ServerFixture>> = {
  hello: helloFixture,
  interactive: interactiveFixture,
};

/**
 * @module @wasi-mcp/guest
 *
 * Write a `wasi:mcp` server component in TypeScript: declare tools, resources, templates and
 * prompts with plain (sync or async) handlers, and export what {@link defineServer} returns. Build
 * it with `wasi-mcp-build server.ts -o server.wasm`.
 *
 * @example
 * ```ts
 * import { defineServer, tool } from "@wasi-mcp/guest";
 *
 * export const { run, handlers } = defineServer({
 *   name: "greeter",
 *   version: "1.0.0",
 *   tools: [
 *     tool({
 *       name: "greet",
 *       input: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
 *       handler: ({ name }) => `Hello, ${name}!`,
 *     }),
 *   ],
 * });
 * ```
 */
import * as runtime from "wasi:mcp/runtime@0.2.0";
import * as skills from "wasi:mcp/skills@0.2.0";
import { createServer, type ServerDefinition, type ServerExports } from "./server.js";

export * from "./public-api.js";

/**
 * Declares the server and returns the component's exports. Nothing runs at module load (a
 * ComponentizeJS build snapshots top-level code): registration happens when the host calls `run`.
 *
 * @example
 * ```ts
 * export const { run, handlers } = defineServer({ name: "demo", version: "1.0.0", tools: [echo] });
 * ```
 */
export function defineServer(definition: ServerDefinition): ServerExports {
  return createServer(definition, runtime, skills);
}

import type * as ClientInterface from "./generated/host/interfaces/wasi-mcp-client.js";
import type * as HandlersInterface from "./generated/host/interfaces/wasi-mcp-handlers.js";
import type * as RunInterface from "./generated/host/interfaces/wasi-mcp-run.js";
import type * as RuntimeInterface from "./generated/host/interfaces/wasi-mcp-runtime.js";
import type * as SkillsInterface from "./generated/host/interfaces/wasi-mcp-skills.js";

/** What a host implements for `wasi:mcp/runtime` (jco convention: `err` results are thrown). */
export type RuntimeImports = typeof RuntimeInterface;

/** What a host implements for `wasi:mcp/skills` (0.2.0, added additively: SEP-2640 skills). */
export type SkillsImports = typeof SkillsInterface;

/** What a host implements for `wasi:mcp/client`. */
export type ClientImports = typeof ClientInterface;

/** The `wasi:mcp/handlers` export of an instantiated component. */
export type HandlersExports = typeof HandlersInterface;

/** The `wasi:mcp/run` export of an instantiated component. */
export type RunExports = typeof RunInterface;

import type * as ClientInterface from "./generated/host/interfaces/wasi-mcp-client.js";
import type * as HandlersInterface from "./generated/host/interfaces/wasi-mcp-handlers.js";
import type * as RunInterface from "./generated/host/interfaces/wasi-mcp-run.js";
import type * as RuntimeInterface from "./generated/host/interfaces/wasi-mcp-runtime.js";

/** What a host implements for `wasi:mcp/runtime` (jco convention: `err` results are thrown). */
export type RuntimeImports = typeof RuntimeInterface;

/** What a host implements for `wasi:mcp/client`. */
export type ClientImports = typeof ClientInterface;

/** The `wasi:mcp/handlers` export of an instantiated component. */
export type HandlersExports = typeof HandlersInterface;

/** The `wasi:mcp/run` export of an instantiated component. */
export type RunExports = typeof RunInterface;

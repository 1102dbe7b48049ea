/**
 * @module @wasi-mcp/host
 *
 * Runs WebAssembly components that implement `wasi:mcp` as MCP servers: loads a component,
 * transpiles it with jco into a content-addressed cache, runs each instance in its own worker
 * thread inside a deny-by-default WASI sandbox with deadlines and a memory cap, and serves it
 * through the router on a transport.
 *
 * @example
 * ```ts
 * import { loadComponent, serveStdio } from "@wasi-mcp/host";
 * const component = await loadComponent("examples/components/hello/dist/hello.wasm");
 * await serveStdio(component);
 * ```
 */
export type { ComponentBackend } from "./backend/component-backend.js";
export type { ClientLimits, ClientTransportFactory } from "./guest-runtime/mcp-client-broker.js";
export { DEFAULT_SKILL_LIMITS, type SkillLimits } from "./guest-runtime/skill-registry.js";
export type { ComponentSource } from "./loading/component-source.js";
export type { RemoteSourceOptions } from "./loading/remote-source.js";
export { defaultCacheDirectory } from "./loading/transpile-cache.js";
export { type CreateHostOptions, createHost, type Host, type HostEvents } from "./node/create-host.js";
export {
  type ComponentHealthEvent,
  type ComponentLogRecord,
  type HostOptions,
  type LoadComponentOptions,
  type LoadedComponent,
  type LoadOptions,
  type LoadTimings,
  loadComponent,
} from "./node/load-component.js";
export { type McpServerLike, mountComponent } from "./node/mount-component.js";
export {
  type RunningServer,
  type ServeStdioOptions,
  type SessionLimits,
  serveStdio,
} from "./node/serve.js";
export {
  type ServeNetworkOptions,
  type ServeOptions,
  type ServingServer,
  serve,
} from "./node/serve-facade.js";
export type { ComponentPolicy, OutgoingHttpLimits, PreopenGrant, ResolvedPolicy } from "./policy.js";
export { OUTGOING_HTTP_DEFAULTS } from "./policy.js";

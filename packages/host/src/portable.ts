/**
 * @module @wasi-mcp/host/portable
 *
 * The parts of the host that need no Node built-in: what a component registered, the
 * `wasi:mcp/runtime` imports, handler result conversion, the router backend over a pool of
 * instances, call failure mapping and the linear-memory cap. Other hosts (the browser host,
 * `@wasi-mcp/host-browser`) build on these so that a component behaves the same everywhere.
 *
 * @example
 * ```ts
 * import { ComponentRegistry, createRuntimeImports } from "@wasi-mcp/host/portable";
 * const registry = new ComponentRegistry();
 * const runtime = createRuntimeImports(registry, services);
 * ```
 */
export {
  callFailureError,
  cancelledError,
  deadlineError,
  restartingError,
  toWitClientCapabilities,
  trapError,
} from "./call-failures.js";
export { askClientAll, type KeyedClientRequest } from "./client-questions.js";
export {
  type CallPool,
  type ComponentBackend,
  createComponentBackend,
  type FallbackLog,
} from "./component-backend.js";
export { GuestError } from "./guest-error.js";
export { convertHandlerResult } from "./handler-results.js";
export { boundedFields, HeldBytes } from "./held-bytes.js";
export {
  OwnedRegistrations,
  type RegisteredList,
  type RegisteredTarget,
} from "./owned-registrations.js";
export { type ComponentPolicy, type ResolvedPolicy, resolvePolicy } from "./policy.js";
export { ComponentRegistry } from "./registry.js";
export {
  isRegistryEvent,
  REPLAY_DATA,
  ReplayUnwinding,
  replayOutcome,
  replayOutcomeError,
} from "./replay-unwinding.js";
export { createRuntimeImports, type RuntimeServices } from "./runtime-imports.js";
export { limitMemory, WASM_PAGE_BYTES } from "./wasm-memory-limit.js";
export type { CallFailure, GuestEvent, HandlerName, RegistrySnapshot } from "./worker-protocol.js";

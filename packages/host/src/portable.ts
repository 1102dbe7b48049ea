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
  type CallPool,
  type ComponentBackend,
  createComponentBackend,
  type FallbackLog,
} from "./backend/component-backend.js";
export {
  callFailureError,
  cancelledError,
  deadlineError,
  restartingError,
  toWitClientCapabilities,
  trapError,
} from "./engine/call-failures.js";
export {
  OwnedRegistrations,
  type RegisteredList,
  type RegisteredTarget,
} from "./engine/owned-registrations.js";
export {
  isRegistryEvent,
  REPLAY_DATA,
  ReplayUnwinding,
  replayOutcome,
  replayOutcomeError,
} from "./engine/replay-unwinding.js";
export { limitMemory, WASM_PAGE_BYTES } from "./engine/wasm-memory-limit.js";
export type { CallFailure } from "./engine/worker-protocol.js";
export { askClientAll, type KeyedClientRequest } from "./guest-runtime/client-questions.js";
export { GuestError } from "./guest-runtime/guest-error.js";
export type { GuestEvent, HandlerName, RegistrySnapshot } from "./guest-runtime/guest-events.js";
export { convertHandlerResult } from "./guest-runtime/handler-results.js";
export { ComponentRegistry } from "./guest-runtime/registry.js";
export { createRuntimeImports, type RuntimeServices } from "./guest-runtime/runtime-imports.js";
export { type RegisteredSkill, type SkillLimits, SkillRegistry } from "./guest-runtime/skill-registry.js";
export { type ComponentPolicy, type ResolvedPolicy, resolvePolicy } from "./policy.js";
export { boundedFields, HeldBytes } from "./sandbox/http/held-bytes.js";
export {
  DEFAULT_MAX_IO_RESOURCES,
  IoResources,
  MAX_STREAM_WRITE_BYTES,
  type Refusal,
} from "./sandbox/io/io-resources.js";

/**
 * @module @wasi-mcp/host/engine
 *
 * The instance engine, with no Node built-in (ADR 0010): the call, deadline and kill machine of
 * an instance ({@link WorkerInstance}, and {@link InProcessInstance} for trusted components), the
 * pool with its bounded queue, standby and high-water retirement ({@link InstancePool}), the
 * instance runtime that runs inside a worker ({@link ComponentRuntime}), compiling core modules
 * under a memory cap, and starting a component with its router backend ({@link startComponent}).
 * A host is this engine plus an {@link EnginePlatform}: `@wasi-mcp/host` brings worker threads and
 * the Node WASI sandbox, `@wasi-mcp/host-browser` Web Workers and the shim's browser build.
 *
 * @example
 * ```ts
 * import { compileModules, startComponent } from "@wasi-mcp/host/engine";
 * const modules = await compileModules(key, async () => coreModules, policy.memoryLimitBytes);
 * const { backend, restarts, close } = await startComponent(
 *   { name, entryUrl, imports, modules, policy, platform },
 *   { backendPolicy, fallbackLog, health: { onRestart() {}, onStartFailed() {} } },
 * );
 * ```
 */

export {
  type RunningComponent,
  type StartComponentOptions,
  startComponent,
} from "./backend/start-component.js";
export { compileModules } from "./engine/compile-modules.js";
export { InProcessInstance } from "./engine/in-process-instance.js";
export { InstancePool, type PoolHealth } from "./engine/instance-pool.js";
export {
  type BlockingRequest,
  ComponentRuntime,
  type RuntimeLink,
} from "./engine/instance-runtime.js";
export type {
  EnginePlatform,
  EnginePolicy,
  InstanceChannel,
  InstanceSpec,
  WasiFactory,
  WasiRequest,
} from "./engine/platform.js";
export { type InstanceHooks, WorkerInstance } from "./engine/worker-instance.js";
export type {
  CallMessage,
  ClientReply,
  FromWorker,
  ImportTiming,
  InitMessage,
  ToWorker,
} from "./engine/worker-protocol.js";
export { GuestError } from "./guest-runtime/guest-error.js";
export { containedExit, GuestExit } from "./guest-runtime/guest-exit.js";
export type { GuestOutput, HttpRefusalListener, WasiImports } from "./sandbox/wasi-sandbox.js";

import { InstancePool, type PoolHealth } from "../engine/instance-pool.js";
import type { EnginePolicy, InstanceChannel, InstanceSpec } from "../engine/platform.js";
import type { McpClientBroker } from "../guest-runtime/mcp-client-broker.js";
import type { ResolvedPolicy } from "../policy.js";
import { type ComponentBackend, createComponentBackend, type FallbackLog } from "./component-backend.js";

/** What {@link startComponent} needs besides the instance spec. */
export interface StartComponentOptions {
  /** The policy fields the backend reads: deadlines, per-tool deadlines, the stdio mode. */
  backendPolicy: Pick<ResolvedPolicy, "deadlineMs" | "toolDeadlinesMs" | "stdio">;
  /** Receives log records and output nobody listens to. */
  fallbackLog: FallbackLog;
  /** How the pool reports the life of its instances. */
  health: PoolHealth;
  /** Serves the component's `wasi:mcp/client` calls; absent, every `connect` is unauthorized. */
  broker?: McpClientBroker;
  /** Instance sides spawned while the component loaded, for the first instances. */
  booted?: InstanceChannel[];
  /** Runs after the instances stopped, when the component is closed (the host's own cleanup). */
  onClose?: () => Promise<void> | void;
}

/** A component whose instances run: what every host's loaded component offers. */
export interface RunningComponent {
  /** Its name. */
  name: string;
  /** The router backend that serves it. */
  backend: ComponentBackend;
  /** Instances replaced since the load (deadlines, cancellations, traps, `exit`). */
  restarts(): number;
  /** Instances retired at the memory high-water mark since the load (`policy.memoryHighWaterRatio`). */
  retirements(): number;
  /**
   * Instances stopped after `policy.idleInstanceMs` without a call, and instances a call started
   * again after such a stop (ADR 0014).
   */
  idleStops(): { stopped: number; startedOnDemand: number };
  /** Linear memory of each live instance, in bytes (a worker's as of its last call). */
  memoryBytes(): number[];
  /** Stops its instances. */
  close(): Promise<void>;
}

/**
 * Starts `spec.policy.poolSize` instances of a compiled component on its platform and makes the
 * router backend over them: the last step of a load, the same in every host.
 */
export async function startComponent<P extends EnginePolicy>(
  spec: InstanceSpec<P>,
  options: StartComponentOptions,
): Promise<RunningComponent> {
  let backend: ComponentBackend | undefined;
  const pool = new InstancePool(
    spec,
    {
      onEvent: (event, request) => backend?.handleEvent(event, request),
      onOutput: (stream, text) => backend?.handleOutput(stream, text),
      ...(options.broker ? { broker: options.broker } : {}),
    },
    options.health,
  );
  const registry = await pool.start(options.booted);
  backend = createComponentBackend(spec.name, pool, registry, options.backendPolicy, options.fallbackLog);
  return {
    name: spec.name,
    backend,
    restarts: () => pool.restarts,
    retirements: () => pool.retirements,
    idleStops: () => ({ stopped: pool.idleStops, startedOnDemand: pool.onDemandStarts }),
    memoryBytes: () => pool.memoryBytes(),
    close: async () => {
      await pool.close();
      await options.onClose?.();
    },
  };
}

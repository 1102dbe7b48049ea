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
}

/** A component's instances started, and the router backend over them. */
export interface StartedComponent<P extends EnginePolicy> {
  backend: ComponentBackend;
  pool: InstancePool<P>;
}

/**
 * Starts `spec.policy.poolSize` instances of a compiled component on its platform and makes the
 * router backend over them: the last step of a load, the same in every host.
 */
export async function startComponent<P extends EnginePolicy>(
  spec: InstanceSpec<P>,
  options: StartComponentOptions,
): Promise<StartedComponent<P>> {
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
  return { backend, pool };
}

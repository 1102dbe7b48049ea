// What the engine asks of the platform it runs on (ADR 0010): a way to start an instance side
// and the sandboxed WASI of the platform. Node (worker_threads, preview2-shim's Node shims, the
// filesystem guard) and a browser page (Web Workers, the shim's browser build) each provide one;
// the call machine, the pool and the backend are the same code over either.
import type { ResolvedPolicy } from "../policy.js";
import type { GuestOutput, HttpRefusalListener, WasiImports } from "../sandbox/wasi-sandbox.js";
import type { ClientReply, FromWorker, ImportTiming, ToWorker } from "./worker-protocol.js";

/** The policy fields the engine itself reads; a platform's policy carries its own besides. */
export type EnginePolicy = Pick<
  ResolvedPolicy,
  "poolSize" | "maxQueue" | "maxQueueWaitMs" | "memoryLimitBytes" | "memoryHighWaterRatio" | "isolation"
> & {
  /** How long starting an instance (instantiate + `run`) may take; absent: no bound. */
  startTimeoutMs?: number;
  /** Stop an instance no call took for this many milliseconds (ADR 0014); absent: never. */
  idleInstanceMs?: number;
};

/**
 * The host's end of one instance side (a worker thread, a Web Worker). Messages are the
 * worker protocol's; a channel may add to an `init` what its side needs to receive {@link reply}.
 */
export interface InstanceChannel {
  /** Posts a message to the instance side. */
  post(message: ToWorker): void;
  /** Sets the listener of the instance side's messages (one; a later one replaces it). */
  onMessage(listener: (message: FromWorker) => void): void;
  /** Sets the listener told, once, that the instance side is gone by itself (crashed, exited). */
  onExit(listener: (detail: string) => void): void;
  /** Answers the instance side's blocking request, which it waits for without taking messages. */
  reply(reply: ClientReply): void;
  /** Stops the instance side now, even inside an infinite guest loop. */
  terminate(): void;
}

/** What a platform's WASI factory gets to build one instance's sandbox. */
export interface WasiRequest<P> {
  componentName: string;
  /** The component's imports, as jco reports them (`wasi:cli/stdout@0.2.3`). */
  imports: readonly string[];
  policy: P;
  /** Where guest stdout/stderr go; absent, the platform's own streams of the instance side. */
  output: GuestOutput | undefined;
  onHttpRefused: HttpRefusalListener;
  /** Told how long each outgoing HTTP request took (the host records spans from it). */
  onImportTiming?: ((timing: ImportTiming) => void) | undefined;
}

/** Builds the WASI imports of one instance, deny by default, under its policy. */
export type WasiFactory<P> = (request: WasiRequest<P>) => Promise<WasiImports>;

/** What the engine needs from the platform it runs on. */
export interface EnginePlatform<P extends EnginePolicy = EnginePolicy> {
  /**
   * Starts an instance side for the component of `spec` (isolation `"worker"`), which may start
   * loading the component's glue and WASI modules before its `init`. It does not keep the
   * process alive until an instance takes it.
   */
  spawn(spec: InstanceSpec<P>): InstanceChannel;
  /**
   * The platform's WASI, for an instance in the host's own thread (isolation `"in-process"`);
   * absent, that isolation is refused.
   */
  wasi?: WasiFactory<P>;
}

/** Everything needed to start an instance of a component. */
export interface InstanceSpec<P extends EnginePolicy = EnginePolicy> {
  name: string;
  /** URL of jco's generated glue. */
  entryUrl: string;
  imports: string[];
  /** Compiled core modules by file name. */
  modules: Record<string, unknown>;
  policy: P;
  platform: EnginePlatform<P>;
}

import { type Meter, metrics } from "@opentelemetry/api";

/**
 * Instruments made from the global meter provider, again whenever it changes. The OpenTelemetry
 * API has a proxy tracer but no proxy meter: instruments made before the SDK registers its
 * provider would stay no-ops, and libraries are loaded before a CLI sets telemetry up.
 *
 * @example
 * ```ts
 * const instruments = lazyInstruments("@wasi-mcp/x", (meter) => ({ calls: meter.createCounter("x.calls") }));
 * instruments().calls.add(1);
 * ```
 */
export function lazyInstruments<T>(scope: string, make: (meter: Meter) => T): () => T {
  let provider: unknown;
  let made: T | undefined;
  return () => {
    const current = metrics.getMeterProvider();
    if (made === undefined || current !== provider) {
      provider = current;
      made = make(current.getMeter(scope));
    }
    return made;
  };
}

/** Bucket bounds of the duration histograms, in seconds: 1 ms to 60 s. */
export const DURATION_BUCKETS_S = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

import type { Readiness, ReadinessCheck } from "@wasi-mcp/transport-http";
import type { Compositor } from "../compositor.js";
import type { UpstreamHealthEvent } from "./upstream-connection.js";

/**
 * `/readyz` with the upstreams: ready when `base` is and every upstream marked `required` is
 * connected; otherwise the reason names each required upstream that is not, and why. An upstream
 * that is not required never takes the node out of a balancer's rotation: the node serves
 * everything else, and its calls fail with a clear error meanwhile (docs/adr/0013-upstreams.md).
 */
export function withUpstreamReadiness(base: ReadinessCheck, compositor: Compositor): ReadinessCheck {
  return async (): Promise<Readiness> => {
    const own = await base();
    if (!own.ok) return own;
    const down = Object.entries(compositor.upstreamHealth())
      .filter(([, health]) => health.required && health.state !== "ready")
      .map(
        ([namespace, health]) =>
          `upstream ${namespace} ${health.state}${health.reason ? ` (${health.reason})` : ""}`,
      );
    return down.length === 0 ? own : { ok: false, reason: down.join("; ") };
  };
}

/** The log line of an upstream's health change. */
export function describeUpstreamHealth(event: UpstreamHealthEvent): { level: string; message: string } {
  const reason = event.reason ? `: ${event.reason}` : "";
  const retry = event.retryInMs === undefined ? "" : `; retrying in ${event.retryInMs} ms`;
  const level = event.state === "down" ? "warning" : event.state === "ready" ? "info" : "debug";
  const era = event.era
    ? ` (${event.era === "modern" ? "2026 revision, SDK v2 client" : "2025 revision"})`
    : "";
  return { level, message: `upstream ${event.namespace}: ${event.state}${era}${reason}${retry}` };
}

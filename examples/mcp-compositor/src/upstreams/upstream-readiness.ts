import type { Readiness, ReadinessCheck } from "@wasi-mcp/transport-http";
import type { Compositor } from "../compositor.js";
import type { UpstreamHealthEvent } from "./upstream-connection.js";

/**
 * `/readyz` with the upstreams: ready when `base` is and every upstream is connected; otherwise
 * the reason names each upstream that is not, and why. A balancer then prefers nodes whose
 * upstreams are up; the node itself keeps serving everything else (docs/adr/0013-upstreams.md).
 */
export function withUpstreamReadiness(base: ReadinessCheck, compositor: Compositor): ReadinessCheck {
  return async (): Promise<Readiness> => {
    const own = await base();
    if (!own.ok) return own;
    const down = Object.entries(compositor.upstreamHealth())
      .filter(([, health]) => health.state !== "ready")
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
  return { level, message: `upstream ${event.namespace}: ${event.state}${reason}${retry}` };
}

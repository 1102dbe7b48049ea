import { readConfig, stem } from "./config.js";
import type { TelemetryConfig } from "./telemetry/telemetry-config.js";

/**
 * `mcp-compositor validate <config>`: checks a configuration file against the schema and its
 * references, without loading anything. Prints a one-line summary; throws with every problem.
 */
export async function validateCommand(file: string): Promise<void> {
  const config = await readConfig(file);
  const names = config.components.map((c) => c.name ?? stem(c.source));
  const auth = config.frontDoor?.auth;
  const door = auth?.resourceServer
    ? `, auth: tokens of ${auth.resourceServer.issuer} for ${auth.resourceServer.audience}`
    : auth?.apiKeys
      ? ", auth: API keys"
      : "";
  const upstreams = Object.entries(config.upstreams).map(
    ([namespace, upstream]) => `${namespace}: ${"url" in upstream ? upstream.url : upstream.command}`,
  );
  const upstreamPart =
    upstreams.length === 0
      ? ""
      : `, ${upstreams.length} upstream${upstreams.length === 1 ? "" : "s"} (${upstreams.join(", ")})`;
  const telemetry = config.telemetry ? telemetrySummary(config.telemetry) : "";
  process.stdout.write(
    `${file}: valid — ${config.components.length} component${config.components.length === 1 ? "" : "s"} (${names.join(", ")})${upstreamPart}, transport ${config.transport.type}${door}${telemetry}\n`,
  );
}

/** `, telemetry: OTLP to <endpoint>, /metrics` and the like. */
function telemetrySummary(telemetry: TelemetryConfig): string {
  const parts: string[] = [];
  if (telemetry.otlp !== false)
    parts.push(`OTLP to ${telemetry.otlp?.endpoint ?? "OTEL_EXPORTER_OTLP_ENDPOINT"}`);
  const page = telemetry.prometheus;
  if (page !== false) {
    const path = page?.path ?? "/metrics";
    parts.push(page?.port === undefined ? path : `${path} on port ${page.port}`);
  }
  return `, telemetry: ${parts.length === 0 ? "on" : parts.join(", ")}`;
}

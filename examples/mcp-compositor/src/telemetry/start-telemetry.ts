import type { IncomingMessage, ServerResponse } from "node:http";
import { OTLPMetricExporter as JsonMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtoMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { type MetricReader, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { NodeSDK } from "@opentelemetry/sdk-node";
import type { MetricsRoute } from "@wasi-mcp/transport-http";
import type { PrometheusConfig, TelemetryConfig } from "./telemetry-config.js";

/** Telemetry while it runs: the metrics page for the MCP server, if it serves one. */
export interface Telemetry {
  /** The `/metrics` route for `createHttpServer`/`createWebSocketServer`; absent with a separate port. */
  readonly metricsRoute?: MetricsRoute | undefined;
  /** Where a separate metrics listener serves, e.g. `http://127.0.0.1:9464/metrics`. */
  readonly metricsUrl?: string | undefined;
  /** Exports what is pending and stops. */
  shutdown(): Promise<void>;
}

/** The `OTEL_*` variables that turn telemetry on without a `telemetry` key in the configuration. */
const SWITCHES = [
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
  "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
  "OTEL_TRACES_EXPORTER",
  "OTEL_METRICS_EXPORTER",
];

/** Default port of a separate Prometheus listener (the OpenTelemetry exporter's). */
export const DEFAULT_METRICS_PORT = 9464;

/**
 * Starts the OpenTelemetry SDK when `config` is given or an `OTEL_*` switch is set (and
 * `OTEL_SDK_DISABLED` is not `true`); otherwise nothing is loaded and the libraries' API calls stay
 * no-ops. The configuration's values are defaults of the `OTEL_*` variables (set only where
 * unset), so both ways configure one SDK: spans by `OTEL_TRACES_EXPORTER` (default `otlp`), metrics
 * over OTLP (`http/protobuf` or `http/json`) and on a Prometheus page.
 *
 * @example
 * ```ts
 * const telemetry = await startTelemetry({ otlp: { endpoint: "http://collector:4318" } }, "http");
 * await createHttpServer({ endpoint, metrics: telemetry?.metricsRoute });
 * ```
 */
export async function startTelemetry(
  config: TelemetryConfig | undefined,
  transport: "stdio" | "http" | "ws",
  env: NodeJS.ProcessEnv = process.env,
): Promise<Telemetry | undefined> {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return undefined;
  if (!config && !SWITCHES.some((name) => env[name])) return undefined;
  const settings = config ?? {};
  applyDefaults(settings, env);
  const exporters = listOf(env.OTEL_METRICS_EXPORTER);
  const readers: MetricReader[] = [];
  const otlpMetrics = exporters ? exporters.includes("otlp") : settings.otlp !== false;
  if (otlpMetrics) readers.push(otlpMetricReader(env));
  const prometheus = prometheusSettings(settings, exporters, transport, env);
  const page = prometheus && prometheusPage(prometheus);
  if (page) readers.push(page.exporter);
  const noTraces = settings.otlp === false && !env.OTEL_TRACES_EXPORTER;
  const sdk = new NodeSDK({
    ...(env.OTEL_SERVICE_NAME ? {} : { serviceName: settings.serviceName ?? "mcp-compositor" }),
    metricReaders: readers,
    ...(noTraces ? { spanProcessors: [] } : {}),
    instrumentations: [],
  });
  sdk.start();
  return {
    metricsRoute: page?.route,
    metricsUrl: page?.url,
    shutdown: () => sdk.shutdown(),
  };
}

/** Sets the `OTEL_*` variables the configuration gives and the environment does not. */
function applyDefaults(config: TelemetryConfig, env: NodeJS.ProcessEnv): void {
  const otlp = config.otlp || {};
  const defaults: Record<string, string | undefined> = {
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: otlp.protocol,
    OTEL_EXPORTER_OTLP_HEADERS:
      otlp.headers &&
      Object.entries(otlp.headers)
        .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
        .join(","),
    OTEL_METRIC_EXPORT_INTERVAL: otlp.metricIntervalMs?.toString(),
  };
  for (const [name, value] of Object.entries(defaults)) {
    if (value !== undefined && !env[name]) env[name] = value;
  }
}

/** Metrics over OTLP/HTTP: protobuf or JSON after the metrics (or general) protocol variable. */
function otlpMetricReader(env: NodeJS.ProcessEnv): MetricReader {
  const protocol = env.OTEL_EXPORTER_OTLP_METRICS_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  const exporter = protocol === "http/json" ? new JsonMetricExporter() : new ProtoMetricExporter();
  const interval = Number(env.OTEL_METRIC_EXPORT_INTERVAL);
  return new PeriodicExportingMetricReader({
    exporter,
    ...(Number.isSafeInteger(interval) && interval > 0 ? { exportIntervalMillis: interval } : {}),
  });
}

/** Where the Prometheus page goes, or undefined for none. */
function prometheusSettings(
  config: TelemetryConfig,
  exporters: string[] | undefined,
  transport: "stdio" | "http" | "ws",
  env: NodeJS.ProcessEnv,
): PrometheusConfig | undefined {
  if (config.prometheus === false) return undefined;
  if (config.prometheus === undefined && exporters && !exporters.includes("prometheus")) return undefined;
  const page = { ...config.prometheus };
  const envPort = Number(env.OTEL_EXPORTER_PROMETHEUS_PORT);
  if (page.port === undefined && Number.isSafeInteger(envPort) && envPort > 0) page.port = envPort;
  // stdio has no HTTP server to share.
  if (page.port === undefined && transport === "stdio") page.port = DEFAULT_METRICS_PORT;
  page.host ??= env.OTEL_EXPORTER_PROMETHEUS_HOST ?? "127.0.0.1";
  return page;
}

function prometheusPage(page: PrometheusConfig) {
  const path = page.path ?? "/metrics";
  const separate = page.port !== undefined;
  const exporter = new PrometheusExporter({
    endpoint: path,
    preventServerStart: !separate,
    ...(separate ? { port: page.port, host: page.host } : {}),
  });
  const serve = (req: IncomingMessage, res: ServerResponse) => exporter.getMetricsRequestHandler(req, res);
  return {
    exporter,
    route: separate ? undefined : { serve, path, open: page.open ?? false },
    url: separate ? `http://${page.host}:${page.port}${path}` : undefined,
  };
}

function listOf(value: string | undefined): string[] | undefined {
  if (!value?.trim()) return undefined;
  return value.split(",").map((item) => item.trim());
}

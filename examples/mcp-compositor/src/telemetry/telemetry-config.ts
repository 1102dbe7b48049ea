/** `telemetry` of a configuration file (docs/telemetry.md). Present: on; `OTEL_*` variables override it. */
export interface TelemetryConfig {
  /** `service.name` of every span and metric. Default `OTEL_SERVICE_NAME`, else `mcp-compositor`. */
  serviceName?: string;
  /** Where spans and metrics go over OTLP; `false`: no OTLP export (only `/metrics`). */
  otlp?: OtlpConfig | false;
  /** The Prometheus page; `false`: none. Default: `/metrics` on the HTTP or WebSocket server. */
  prometheus?: PrometheusConfig | false;
}

/** OTLP export settings; each is the default of its `OTEL_EXPORTER_OTLP_*` variable. */
export interface OtlpConfig {
  /** Base URL of the collector, e.g. `http://collector:4318` (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  endpoint?: string;
  /** `http/protobuf` (default), `http/json`, or `grpc` (traces only) (`OTEL_EXPORTER_OTLP_PROTOCOL`). */
  protocol?: "http/protobuf" | "http/json" | "grpc";
  /** Headers sent with every export, e.g. an API key (`OTEL_EXPORTER_OTLP_HEADERS`). */
  headers?: Record<string, string>;
  /** How often metrics are exported, in ms (`OTEL_METRIC_EXPORT_INTERVAL`). Default 60 000. */
  metricIntervalMs?: number;
}

/** Where the Prometheus text page is served. */
export interface PrometheusConfig {
  /** Path. Default `/metrics`. */
  path?: string;
  /**
   * A separate listener for the page (`metricsPort`), e.g. one only the scraper's network reaches.
   * Default: none over HTTP/WebSocket (the page is on the MCP server's port); 9464 over stdio.
   */
  port?: number;
  /** Interface of the separate listener. Default `127.0.0.1`. */
  host?: string;
  /**
   * Serve the page on the MCP server's port without credentials even when `auth` is configured.
   * Default false: the scraper presents a token or API key like a client. A separate `port` is
   * always open (bind it where only the scraper reaches it).
   */
  open?: boolean;
}

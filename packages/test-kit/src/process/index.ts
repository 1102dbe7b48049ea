/**
 * @module
 * The one process harness of the tests, the conformance harness and the soak: start a server as a
 * child process, wait for the line that says it serves, keep its stderr, stop it.
 *
 * @example
 * ```ts
 * import { startServerProcess } from "@wasi-mcp/test-kit/process";
 * await using server = await startServerProcess({ args: [cli, "serve", wasm, "--transport", "http", "--port", "0"] });
 * ```
 */
export { ChildOutput } from "./child-output.js";
export { findBinary, requireBinary } from "./external-binaries.js";
export { freshConnectionFetch } from "./fresh-fetch.js";
export { HAPROXY_PATHS, type HaproxyProcess, roundRobinConfig, startHaproxy } from "./haproxy.js";
export { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "./otlp-receiver.js";
export {
  PROMETHEUS_PATHS,
  type PrometheusProcess,
  type PrometheusSample,
  type ScrapeTarget,
  scrapeConfig,
  startPrometheus,
} from "./prometheus.js";
export { freePort, type RedisProcess, startRedis } from "./redis.js";
export {
  SERVING_URL_LINE,
  type ServerProcess,
  type ServerProcessOptions,
  startServerProcess,
} from "./server-process.js";

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findBinary } from "./external-binaries.js";
import { freePort } from "./redis.js";
import { type ServerProcess, startServerProcess } from "./server-process.js";

/** Where Debian's `prometheus` package puts the server. */
export const PROMETHEUS_PATHS = ["/usr/bin/prometheus"] as const;

/** What Prometheus scrapes: one metrics page, with the bearer credential it needs. */
export interface ScrapeTarget {
  /** The page, e.g. `http://127.0.0.1:3000/metrics`. */
  url: URL;
  /** Sent as `Authorization: Bearer …` with every scrape. */
  bearerToken?: string;
}

/** A Prometheus server started for a test; `await using` stops it and removes its data. */
export interface PrometheusProcess extends AsyncDisposable {
  /** Its HTTP API, e.g. `http://127.0.0.1:9090`. */
  readonly url: URL;
  readonly process: ServerProcess;
  /** Runs an instant PromQL query; resolves with the result vector (`[]` when nothing matched). */
  query(promql: string): Promise<PrometheusSample[]>;
}

/** One series of an instant query's answer. */
export interface PrometheusSample {
  metric: Record<string, string>;
  /** `[time, value]`, the value as Prometheus writes it (a string). */
  value: [number, string];
}

/**
 * Starts a real `prometheus` scraping `target` every second, with its data in a temporary
 * directory, waiting until it reports ready. Throws when prometheus is not installed (check with
 * `requireBinary("prometheus", PROMETHEUS_PATHS)` first) or its configuration is refused.
 *
 * @example
 * ```ts
 * await using prometheus = await startPrometheus({ url: new URL("/metrics", server.url) });
 * await expect.poll(() => prometheus.query("up")).not.toEqual([]);
 * ```
 */
export async function startPrometheus(target: ScrapeTarget): Promise<PrometheusProcess> {
  const binary = findBinary("prometheus", PROMETHEUS_PATHS);
  if (!binary) throw new Error("[@wasi-mcp/test-kit] prometheus is not installed");
  const dir = await mkdtemp(join(tmpdir(), "wasi-mcp-prometheus-"));
  const file = join(dir, "prometheus.yml");
  await writeFile(file, scrapeConfig(target));
  const port = await freePort();
  const url = new URL(`http://127.0.0.1:${port}`);
  const server = await startServerProcess({
    command: binary,
    args: [
      `--config.file=${file}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    ready: null,
    name: "prometheus",
  });
  const deadline = Date.now() + 20_000;
  while (!(await isReady(url))) {
    if (server.child.exitCode !== null || Date.now() > deadline) {
      await server.stop(0);
      await rm(dir, { recursive: true, force: true });
      throw new Error(`[@wasi-mcp/test-kit] prometheus did not start on port ${port}: ${server.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    process: server,
    async query(promql) {
      const response = await fetch(new URL(`/api/v1/query?query=${encodeURIComponent(promql)}`, url));
      const body = (await response.json()) as { status: string; data?: { result: PrometheusSample[] } };
      if (body.status !== "success") throw new Error(`prometheus query ${promql}: ${JSON.stringify(body)}`);
      return body.data?.result ?? [];
    },
    async [Symbol.asyncDispose]() {
      await server.stop(5_000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A configuration scraping `target` every second (job `mcp`). */
export function scrapeConfig(target: ScrapeTarget): string {
  return [
    "global:",
    "  scrape_interval: 1s",
    "  scrape_timeout: 1s",
    "scrape_configs:",
    "  - job_name: mcp",
    `    scheme: ${target.url.protocol.replace(":", "")}`,
    `    metrics_path: ${JSON.stringify(target.url.pathname)}`,
    ...(target.bearerToken === undefined
      ? []
      : [
          "    authorization:",
          "      type: Bearer",
          `      credentials: ${JSON.stringify(target.bearerToken)}`,
        ]),
    "    static_configs:",
    `      - targets: [${JSON.stringify(target.url.host)}]`,
    "",
  ].join("\n");
}

async function isReady(url: URL): Promise<boolean> {
  const response = await fetch(new URL("/-/ready", url)).catch(() => undefined);
  return response?.status === 200;
}

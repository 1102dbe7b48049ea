import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** One span as an OTLP/HTTP JSON export carries it, with its attributes flattened. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP `SpanKind`: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, unknown>;
  /** `service.name` of the resource that sent it. */
  service: string | undefined;
}

/** An OTLP/HTTP receiver for a test: collects the spans exported to it in JSON. */
export interface OtlpReceiver extends AsyncDisposable {
  /** Base URL to give as `OTEL_EXPORTER_OTLP_ENDPOINT`, e.g. `http://127.0.0.1:4318`. */
  readonly url: URL;
  /** Every span received so far. */
  readonly spans: readonly ReceivedSpan[];
  /** How many metric exports arrived on `/v1/metrics`. */
  readonly metricExports: number;
}

/**
 * Starts an HTTP server on a free loopback port that accepts OTLP/HTTP JSON exports
 * (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`) on `/v1/traces`, `/v1/metrics` and `/v1/logs`, and
 * keeps the spans. A protobuf export is answered 415, so a misconfigured exporter shows.
 *
 * @example
 * ```ts
 * await using receiver = await startOtlpReceiver();
 * // … run a server with OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL=http/json
 * await expect.poll(() => receiver.spans.length).toBeGreaterThan(0);
 * ```
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  let metricExports = 0;
  const server = createServer((req, res) => {
    if (req.method !== "POST" || !req.headers["content-type"]?.includes("json")) {
      res.writeHead(415).end();
      return;
    }
    void readJson(req).then(
      (body) => {
        if (req.url === "/v1/traces") spans.push(...spansOf(body));
        if (req.url === "/v1/metrics") metricExports++;
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      },
      () => res.writeHead(400).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    spans,
    get metricExports() {
      return metricExports;
    },
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}

type OtlpTraces = {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpAttribute[];
      }[];
    }[];
  }[];
};

function spansOf(body: unknown): ReceivedSpan[] {
  const received: ReceivedSpan[] = [];
  for (const resource of (body as OtlpTraces).resourceSpans ?? []) {
    const service = flatten(resource.resource?.attributes)["service.name"];
    for (const scope of resource.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        received.push({
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId || undefined,
          name: span.name,
          kind: span.kind,
          attributes: flatten(span.attributes),
          service: typeof service === "string" ? service : undefined,
        });
      }
    }
  }
  return received;
}

/** `[{ key, value: { stringValue } }]` → `{ key: value }`. */
function flatten(attributes: OtlpAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries(
    (attributes ?? []).map(({ key, value }) => [key, Object.values(value)[0]] as const),
  );
}

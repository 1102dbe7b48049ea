// Telemetry through the CLI, with real parts: `mcp-compositor serve --config` with `telemetry`
// exports OTLP/HTTP JSON to a receiver in this test; an SDK client's call carrying
// `_meta.traceparent` must come back as spans under the caller's trace (the request's SERVER span,
// the engine's queue wait and instance call, the component's sampling question). Debian's
// prometheus scrapes `/metrics` (behind the same API keys as the MCP endpoint) until the series show.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CreateMessageRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import {
  type OtlpReceiver,
  PROMETHEUS_PATHS,
  type ReceivedSpan,
  requireBinary,
  type ServerProcess,
  startOtlpReceiver,
  startPrometheus,
  startServerProcess,
} from "@wasi-mcp/test-kit/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envelope, modern, modernHttpConnection } from "./modern-wires.js";
import { cli, everything } from "./network-server.js";

const KEY = { key: "key-of-the-scraper-0123456789", subject: "scraper", scopes: [] };
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";

describe("mcp-compositor serve with telemetry", () => {
  let receiver: OtlpReceiver;
  let server: ServerProcess;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const file = join(mkdtempSync(join(tmpdir(), "compositor-telemetry-")), "config.json");
    writeFileSync(
      file,
      JSON.stringify({
        components: [{ path: everything }],
        transport: { type: "http", port: 0 },
        auth: { apiKeys: { env: "TEST_MCP_KEYS" } },
        telemetry: {
          serviceName: "telemetry-test",
          otlp: {
            endpoint: receiver.url.href.replace(/\/$/, ""),
            protocol: "http/json",
            metricIntervalMs: 500,
          },
        },
      }),
    );
    server = await startServerProcess({
      name: "mcp-compositor",
      args: [cli, "serve", "--config", file],
      // Spans leave in batches: every 100 ms rather than the default 5 s.
      env: { TEST_MCP_KEYS: JSON.stringify([KEY]), OTEL_BSP_SCHEDULE_DELAY: "100" },
    });
  });
  afterAll(async () => {
    await server?.stop(5_000);
    await receiver?.[Symbol.asyncDispose]();
  });

  const connect = async () => {
    const client = new Client({ name: "traced", version: "0" }, { capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, () => ({
      model: "test",
      role: "assistant" as const,
      content: { type: "text" as const, text: "sampled" },
    }));
    await client.connect(
      new StreamableHTTPClientTransport(server.url as URL, {
        requestInit: { headers: { authorization: `Bearer ${KEY.key}` } },
      }),
    );
    return client;
  };

  it("continues the caller's trace from _meta.traceparent with host and component spans", async () => {
    const client = await connect();
    const result = await client.callTool({
      name: "test_sampling",
      arguments: { prompt: "hi" },
      _meta: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` },
    });
    expect(JSON.stringify(result.content)).toContain("sampled");
    await client.close();
    const trace = () => receiver.spans.filter((span) => span.traceId === TRACE_ID);
    await expect.poll(() => trace().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    const request = only(trace(), (span) => span.name === "tools/call test_sampling");
    expect(request).toMatchObject({
      kind: 2, // SERVER
      parentSpanId: CALLER_SPAN,
      service: "telemetry-test",
      attributes: {
        "mcp.method.name": "tools/call",
        "gen_ai.tool.name": "test_sampling",
        "gen_ai.operation.name": "execute_tool",
        "network.transport": "tcp",
      },
    });
    expect(request.attributes["mcp.session.id"]).toEqual(expect.any(String));
    expect(request.attributes["jsonrpc.request.id"]).toEqual(expect.any(String));
    const queue = only(trace(), (span) => span.name === "queue wait");
    const call = only(trace(), (span) => span.name === "call callTool");
    expect(queue.parentSpanId).toBe(request.spanId);
    expect(call.parentSpanId).toBe(request.spanId);
    expect(call.attributes["wasi_mcp.component"]).toBe("everything");
    const question = only(trace(), (span) => span.name === "client question sampling/createMessage");
    expect(question.parentSpanId).toBe(call.spanId);
  });

  it("continues the trace of the HTTP request's traceparent header when _meta carries none", async () => {
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const client = new Client({ name: "traced-by-header", version: "0" });
    await client.connect(
      new StreamableHTTPClientTransport(server.url as URL, {
        requestInit: {
          headers: {
            authorization: `Bearer ${KEY.key}`,
            traceparent: `00-${traceId}-b7ad6b7169203331-01`,
          },
        },
      }),
    );
    await client.callTool({ name: "test_simple_text", arguments: {} });
    await client.close();
    const named = () => receiver.spans.filter((span) => span.name === "tools/call test_simple_text");
    await expect.poll(() => named().length, { timeout: 10_000 }).toBe(1);
    expect(named()[0]).toMatchObject({ traceId, parentSpanId: "b7ad6b7169203331" });
  });

  it("continues the caller's trace on the 2026-07-28 face too", async () => {
    const traceId = "5b8efff798038103d269b633813fc60c";
    const connection = modernHttpConnection(server.url as URL, { authorization: `Bearer ${KEY.key}` });
    const meta = { ...envelope(), traceparent: `00-${traceId}-eee19b7ec3c1b174-01` };
    await connection.send(
      modern("modern-1", "tools/call", { name: "test_image_content", arguments: {}, _meta: meta }),
    );
    expect(connection.statuses).toEqual([200]);
    const named = () => receiver.spans.filter((span) => span.name === "tools/call test_image_content");
    await expect.poll(() => named().length, { timeout: 10_000 }).toBe(1);
    expect(named()[0]).toMatchObject({
      traceId,
      parentSpanId: "eee19b7ec3c1b174",
      kind: 2,
      attributes: { "jsonrpc.request.id": "modern-1", "network.transport": "tcp" },
    });
  });

  it("starts a new trace for a call without trace context, and marks a failed call", async () => {
    const client = await connect();
    await expect(client.callTool({ name: "no_such_tool", arguments: {} })).rejects.toThrow(/Unknown tool/);
    await client.close();
    await expect
      .poll(() => receiver.spans.filter((span) => span.name === "tools/call no_such_tool").length, {
        timeout: 10_000,
      })
      .toBe(1);
    const failed = receiver.spans.find((span) => span.name === "tools/call no_such_tool") as ReceivedSpan;
    expect(failed.traceId).not.toBe(TRACE_ID);
    expect(failed.parentSpanId).toBeUndefined();
    expect(failed.attributes).toMatchObject({ "error.type": "-32602", "rpc.response.status_code": "-32602" });
  });

  it("exports metrics over OTLP", async () => {
    await expect.poll(() => receiver.metricExports, { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it("serves /metrics behind the API keys", async () => {
    const page = new URL("/metrics", server.url);
    const refused = await fetch(page);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer /);
    const metrics = await fetch(page, { headers: { authorization: `Bearer ${KEY.key}` } });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('mcp_server_operation_duration_count{mcp_method_name="tools/call"');
    expect(text).toMatch(/wasi_mcp_sessions\{[^}]*wasi_mcp_transport="http"/);
    expect(text).toMatch(/wasi_mcp_instance_queue_depth\{[^}]*wasi_mcp_component="everything"/);
  });

  const prometheusBinary = requireBinary("prometheus", PROMETHEUS_PATHS);
  it.skipIf(!prometheusBinary)("is scraped by Prometheus", async () => {
    await using prometheus = await startPrometheus({
      url: new URL("/metrics", server.url),
      bearerToken: KEY.key,
    });
    const series = async (query: string) => (await prometheus.query(query)).length;
    await expect.poll(() => series('up{job="mcp"} == 1'), { timeout: 20_000, interval: 250 }).toBe(1);
    await expect
      .poll(() => series('mcp_server_operation_duration_count{mcp_method_name="tools/call"}'), {
        timeout: 20_000,
        interval: 250,
      })
      .toBeGreaterThan(0);
    expect(await series("wasi_mcp_sessions")).toBeGreaterThan(0);
    expect(await series("wasi_mcp_event_store_bytes")).toBeGreaterThan(0);
  });
});

function only(spans: ReceivedSpan[], test: (span: ReceivedSpan) => boolean): ReceivedSpan {
  const found = spans.filter(test);
  expect(found.map((span) => span.name)).toHaveLength(1);
  return found[0] as ReceivedSpan;
}

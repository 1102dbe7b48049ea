// The engine's spans with a real OpenTelemetry SDK in this process: a call made inside a request
// span gets a queue-wait and an instance-call child, and the component's outgoing HTTP request
// (made inside its worker thread, timed there) becomes a CLIENT span under the call.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { context, SpanKind, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE, firstText, recordingRequest } from "./fixture.js";

describe("engine spans", () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const contextManager = new AsyncLocalStorageContextManager();
  let server: Server;
  let authority: string;
  let component: LoadedComponent;

  beforeAll(async () => {
    context.setGlobalContextManager(contextManager.enable());
    trace.setGlobalTracerProvider(provider);
    server = createServer((_request, response) => response.writeHead(204).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    authority = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      policy: { allowedHosts: [authority] },
    });
  });
  afterAll(async () => {
    await component?.close();
    server?.close();
    trace.disable();
    context.disable();
    await provider.shutdown();
  });

  it("puts the queue wait, the instance call and the outgoing HTTP request under the request's span", async () => {
    const tracer = trace.getTracer("test");
    const result = await tracer.startActiveSpan("request", async (span) => {
      try {
        return await component.backend.callTool(
          "fetch",
          { authority, path: "/probe?q=1" },
          recordingRequest().request,
        );
      } finally {
        span.end();
      }
    });
    expect(firstText(result)).toBe("status 204");
    const spans = exporter.getFinishedSpans();
    const named = (name: string) => spans.filter((span) => span.name === name);
    const request = named("request")[0];
    const queue = named("queue wait")[0];
    const call = named("call callTool")[0];
    const http = named("GET")[0];
    expect(request && queue && call && http).toBeTruthy();
    const parentOf = (span: typeof request) => span?.parentSpanContext?.spanId;
    expect(parentOf(queue)).toBe(request?.spanContext().spanId);
    expect(parentOf(call)).toBe(request?.spanContext().spanId);
    expect(parentOf(http)).toBe(call?.spanContext().spanId);
    expect(http?.kind).toBe(SpanKind.CLIENT);
    expect(http?.attributes).toMatchObject({
      "http.request.method": "GET",
      "http.response.status_code": 204,
      "url.full": `http://${authority}/probe`,
    });
    // Timed in the worker, recorded with those times: not an empty span.
    const ms = (time: [number, number]) => time[0] * 1000 + time[1] / 1e6;
    expect(ms(http?.endTime as [number, number])).toBeGreaterThan(ms(http?.startTime as [number, number]));
  });
});

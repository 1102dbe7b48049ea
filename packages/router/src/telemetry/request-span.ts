import { McpError } from "@modelcontextprotocol/sdk/types.js";
import {
  type Attributes,
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { printable } from "../shared/printable.js";
import { isReplayRequested } from "../shared/replay-requested.js";
import { DURATION_BUCKETS_S, lazyInstruments } from "./instruments.js";

/** The tracer of every MCP request span (the API's proxy: a no-op until an SDK registers). */
const tracer = /* @__PURE__ */ trace.getTracer("@wasi-mcp/router");

const instruments = /* @__PURE__ */ lazyInstruments("@wasi-mcp/router", (meter) => ({
  duration: meter.createHistogram("mcp.server.operation.duration", {
    description: "MCP request duration as observed on the server, from arrival until the answer",
    unit: "s",
    advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
  }),
}));

/** What the request span of one MCP request is made from. */
export interface RequestFacts {
  method: string;
  params: Record<string, unknown> | undefined;
  requestId: string | number;
  sessionId?: string | undefined;
  /** The HTTP request's headers, where the request came over HTTP (its `traceparent`). */
  headers?: Record<string, string | string[] | undefined> | undefined;
}

/**
 * Runs `serve` inside a SERVER span named `{mcp.method.name} {target}` (OpenTelemetry's MCP
 * semantic conventions), active for everything the request does (queue wait, instance call, host
 * imports become its children), and records `mcp.server.operation.duration`. The span continues
 * the caller's trace: `params._meta.traceparent`/`tracestate` as MCP carries it, else the HTTP
 * request's `traceparent` header. With no SDK registered every step is the API's no-op.
 */
export async function traceRequest<T>(facts: RequestFacts, serve: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const attributes = requestAttributes(facts);
  const target = attributes["gen_ai.tool.name"] ?? attributes["gen_ai.prompt.name"];
  const name = target === undefined ? facts.method : `${facts.method} ${target}`;
  const options = { kind: SpanKind.SERVER, attributes };
  return tracer.startActiveSpan(name, options, parentOf(facts), async (span) => {
    let errorType: string | undefined;
    try {
      const result = await serve();
      if ((result as { isError?: unknown } | undefined)?.isError === true) errorType = "tool_error";
      return result;
    } catch (error) {
      // A 2026 question answered input_required is the request's answer, not its failure.
      if (!isReplayRequested(error)) errorType = errorTypeOf(error, span);
      throw error;
    } finally {
      if (errorType !== undefined) {
        span.setAttribute("error.type", errorType);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
      instruments().duration.record(
        (performance.now() - started) / 1000,
        metricAttributes(facts.method, attributes, errorType),
      );
    }
  });
}

/** The caller's trace: `_meta` first (MCP), else the HTTP header, else whatever is active. */
function parentOf(facts: RequestFacts): Context {
  const meta = facts.params?._meta as Record<string, unknown> | undefined;
  if (typeof meta?.traceparent === "string") return propagation.extract(ROOT_CONTEXT, meta);
  if (facts.headers?.traceparent !== undefined) return propagation.extract(ROOT_CONTEXT, facts.headers);
  return context.active();
}

function requestAttributes(facts: RequestFacts): Attributes {
  const attributes: Attributes = {
    "mcp.method.name": facts.method,
    "jsonrpc.request.id": String(facts.requestId),
  };
  // Over HTTP; a stdio or WebSocket channel does not tell the handler which it is.
  if (facts.headers) attributes["network.transport"] = "tcp";
  if (facts.sessionId !== undefined) attributes["mcp.session.id"] = facts.sessionId;
  const params = facts.params;
  if (facts.method === "tools/call" && typeof params?.name === "string") {
    attributes["gen_ai.tool.name"] = printable(params.name, 128);
    attributes["gen_ai.operation.name"] = "execute_tool";
  }
  if (facts.method === "prompts/get" && typeof params?.name === "string") {
    attributes["gen_ai.prompt.name"] = printable(params.name, 128);
  }
  if (typeof params?.uri === "string") attributes["mcp.resource.uri"] = printable(params.uri, 512);
  return attributes;
}

/**
 * The histogram's attributes: method, tool or prompt, error type. A name from a refused request
 * (`-32602`: unknown tool, bad arguments) is left out — a client must not mint series at will.
 */
function metricAttributes(method: string, span: Attributes, errorType: string | undefined): Attributes {
  const attributes: Attributes = { "mcp.method.name": method };
  if (errorType !== undefined) attributes["error.type"] = errorType;
  if (errorType === "-32602") return attributes;
  for (const key of ["gen_ai.tool.name", "gen_ai.prompt.name"]) {
    if (span[key] !== undefined) attributes[key] = span[key];
  }
  return attributes;
}

/** `error.type`: the JSON-RPC code of a protocol error (also `rpc.response.status_code`), else the class. */
function errorTypeOf(error: unknown, span: Span): string {
  if (error instanceof McpError || (error instanceof Error && typeof (error as McpError).code === "number")) {
    const code = String((error as McpError).code);
    span.setAttribute("rpc.response.status_code", code);
    return code;
  }
  return error instanceof Error ? error.name : "_OTHER";
}

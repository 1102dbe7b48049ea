import { type Attributes, type Context, context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { lazyInstruments } from "@wasi-mcp/router";
import type { ImportTiming } from "./worker-protocol.js";

/** The tracer of the engine's spans (the API's proxy: a no-op until an SDK registers). */
const tracer = /* @__PURE__ */ trace.getTracer("@wasi-mcp/host");

/**
 * The engine's meters: instance restarts, and the queue of calls waiting for a free instance
 * (observed from each pool while it lives).
 */
export const engineInstruments = /* @__PURE__ */ lazyInstruments("@wasi-mcp/host", (meter) => ({
  restarts: meter.createCounter("wasi_mcp.instance.restarts", {
    description: "Component instances replaced after a death (deadline, cancellation, trap, start failure)",
  }),
  queueDepth: meter.createObservableGauge("wasi_mcp.instance.queue.depth", {
    description: "Calls waiting for a free instance of a component",
  }),
}));

/**
 * Runs `work` in an INTERNAL span `name`, a child of the active span (the MCP request's) or of
 * `parent` — the context a call started in, for work that a worker's message sets off outside it.
 * A throw marks the span an error with `error.type` and passes through.
 */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: () => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: unknown } | undefined)?.code;
      span.setAttribute("error.type", typeof code === "number" ? String(code) : errorName(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Records a host import timed on the instance side (an outgoing HTTP request) as a CLIENT span
 * under `parent`, with the times measured there: the instance side has no tracer of its own.
 */
export function recordImport(timing: ImportTiming, parent: Context): void {
  const span = tracer.startSpan(
    timing.name,
    { kind: SpanKind.CLIENT, startTime: timing.startMs, attributes: timing.attributes },
    parent,
  );
  if (timing.error !== undefined) {
    span.setAttribute("error.type", timing.error);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end(timing.endMs);
}

/** The context active now, for {@link inSpan}'s `parent` later. */
export function activeContext(): Context {
  return context.active();
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "_OTHER";
}

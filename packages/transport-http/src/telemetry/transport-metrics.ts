import type { ObservableGauge, ObservableResult } from "@opentelemetry/api";
import { lazyInstruments } from "@wasi-mcp/router";

const instruments = /* @__PURE__ */ lazyInstruments("@wasi-mcp/transport-http", (meter) => ({
  sessions: meter.createObservableGauge("wasi_mcp.sessions", {
    description: "Open MCP sessions: 2025 Streamable HTTP sessions, WebSocket connections",
  }),
  eventStoreBytes: meter.createObservableGauge("wasi_mcp.event_store.bytes", {
    description: "Bytes of serialized messages the in-memory event store keeps for resumption",
    unit: "By",
  }),
}));

/**
 * Reports `count()` as the `wasi_mcp.sessions` gauge of `transport` while the returned function
 * has not been called.
 *
 * @example
 * ```ts
 * const stop = observeSessions("ws", () => connections.size);
 * stop(); // at close
 * ```
 */
export function observeSessions(transport: "http" | "ws", count: () => number): () => void {
  return observe(instruments().sessions, (result) =>
    result.observe(count(), { "wasi_mcp.transport": transport }),
  );
}

/** Reports an event store's held bytes (where it tells them: `heldBytes`) until the returned function is called. */
export function observeEventStore(store: object | undefined): () => void {
  if (!store || !("heldBytes" in store)) return () => {};
  const held = store as { heldBytes: number };
  return observe(instruments().eventStoreBytes, (result) => result.observe(held.heldBytes));
}

function observe(gauge: ObservableGauge, callback: (result: ObservableResult) => void): () => void {
  gauge.addCallback(callback);
  return () => gauge.removeCallback(callback);
}

import {
  type CreateMcpServerOptions,
  createMcpEndpoint,
  type InternalErrorReporter,
  type McpBackend,
  type McpEndpoint,
} from "@wasi-mcp/router";
import { StdioServerTransport, type StdioServerTransportOptions } from "@wasi-mcp/transport-stdio";

/** The router's bounds on a 2025-11-25 session that {@link serveStdio} passes on. */
export type SessionLimits = Pick<
  CreateMcpServerOptions,
  "maxSubscriptionsPerSession" | "maxPendingClientRequests" | "clientRequestTimeoutMs"
>;

/** Options of {@link serveStdio}: the transport's, the router's session bounds, and these. */
export interface ServeStdioOptions extends StdioServerTransportOptions, SessionLimits {
  /**
   * The endpoint to serve (`createMcpEndpoint(component.backend, …)`), for one shared with other
   * transports or configured beyond these options; then the router options here (session limits,
   * `onInternalError`, `requestStateKey`, `maxListenStreams`) belong to it and are refused.
   * Default: an endpoint of the component made from these options, closed with the connection.
   */
  endpoint?: McpEndpoint;
  /** Receives errors hidden from the client as internal errors. Default: stderr. */
  onInternalError?: InternalErrorReporter;
  /** Receives connection-level failures the client is not told about. Default: ignored. */
  onError?: (error: Error) => void;
  /**
   * HMAC key (≥ 32 bytes) sealing the `requestState` of MCP 2026-07-28 `input_required` results;
   * share it between processes that may serve each other's retries. Default: a random key per
   * process (`createMcpEndpoint`'s `requestStateKey`).
   */
  requestStateKey?: string | Uint8Array;
  /** Most open 2026 `subscriptions/listen` subscriptions of the client. Default 64 (the endpoint's `maxListenStreamsPerClient`). */
  maxListenStreams?: number;
}

/** A running server; `closed` settles when the client goes away (stdin EOF) or `close()` is called. */
export interface RunningServer {
  /** Settles when the connection has closed. */
  closed: Promise<void>;
  /** Closes the connection. */
  close(): Promise<void>;
}

/**
 * Serves a loaded component (or any `{ backend }`, such as a composition) over stdio:
 * newline-delimited JSON-RPC on stdin/stdout, nothing else on stdout. The client's opening message
 * picks the protocol era for the connection, as the MCP SDK decides it: an `initialize` gets the
 * 2025-11-25 server (sessionful, server→client requests), a request carrying the 2026-07-28
 * `_meta` envelope gets the stateless 2026 server, whose `subscriptions/listen` streams carry the
 * backend's list changes and resource updates.
 *
 * @example
 * ```ts
 * const running = await serveStdio(await loadComponent("hello.wasm"));
 * await running.closed;
 * ```
 */
export async function serveStdio(
  component: { readonly backend: McpBackend },
  options: ServeStdioOptions = {},
): Promise<RunningServer> {
  const {
    endpoint: given,
    onInternalError,
    onError,
    requestStateKey,
    maxListenStreams,
    maxSubscriptionsPerSession,
    maxPendingClientRequests,
    clientRequestTimeoutMs,
    ...transportOptions
  } = options;
  // The router applies its default to each one left undefined.
  const routerOptions = {
    onInternalError,
    requestStateKey,
    maxListenStreamsPerClient: maxListenStreams,
    maxSubscriptionsPerSession,
    maxPendingClientRequests,
    clientRequestTimeoutMs,
  };
  const set = Object.entries(routerOptions).filter(([, value]) => value !== undefined);
  if (given && set.length > 0) {
    const [name] = set[0] as [string, unknown];
    throw new TypeError(`[@wasi-mcp/host] ${name} belongs to the endpoint: give it to createMcpEndpoint`);
  }
  const report = onError ?? (() => {});
  const endpoint =
    given ?? createMcpEndpoint(component.backend, { ...Object.fromEntries(set), onError: report });
  const served = endpoint.serveChannel(new StdioServerTransport(transportOptions), { onError: report });
  if (!given) void served.closed.then(() => endpoint.close());
  return served;
}

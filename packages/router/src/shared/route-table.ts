import type { AnyObjectSchema, SchemaOutput } from "@modelcontextprotocol/sdk/server/zod-compat.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type {
  ClientCapabilities,
  ServerNotification,
  ServerRequest,
  ServerResult,
} from "@modelcontextprotocol/sdk/types.js";
import type { ClientBoundRequest } from "./backend.js";
import type { RequestParamsSchema } from "./message-guard.js";

/**
 * What a request handler is given besides the request: the part of the SDK v1 handler context the
 * router uses, which the 2026 face builds from the SDK v2 context.
 */
export type Extra = Pick<
  RequestHandlerExtra<ServerRequest, ServerNotification>,
  "signal" | "requestId" | "sessionId" | "sendNotification" | "sendRequest" | "authInfo" | "requestInfo"
> & {
  /**
   * On the 2026 face, for a method that may answer `input_required`: the request's replay
   * (MRTR), which answers a client request at once, or aborts the request's signal with a
   * `ReplayRequested` reason and throws it.
   */
  replay?: ClientReplay;
  /**
   * On the 2026 face: the capabilities this request's envelope declares. A long-lived connection
   * (stdio, WebSocket) serves many requests on one server, each with its own envelope, so they are
   * taken from the request, not from the server.
   */
  clientCapabilities?: ClientCapabilities | undefined;
};

/** One 2026-07-28 request's replay of its client requests (MRTR), as the router's handlers use it. */
export interface ClientReplay {
  /**
   * Answers a client request synchronously from the replay, or aborts the request's signal with a
   * `ReplayRequested` reason and throws it; `inputKey` names it in `inputRequests`.
   */
  answer(request: ClientBoundRequest, schema: AnswerSchema, inputKey?: string): Record<string, unknown>;
  /**
   * Records that the backend asked for something the request's envelope did not declare
   * (`required`, in the `ClientCapabilities` shape, e.g. `{ sampling: {} }`): however the backend
   * call ends, the request is answered `-32021` MissingRequiredClientCapability naming it.
   */
  refuse(required: ClientCapabilities): void;
}

/** A schema that parses a client's answer (the SDK v1 result schemas qualify). */
export interface AnswerSchema {
  safeParse(
    value: unknown,
  ): { success: true; data: unknown } | { success: false; error: { message: string } };
}

/** A handler of one method, given the request as the client sent it. */
export type RouteHandler<S extends AnyObjectSchema> = (
  request: SchemaOutput<S>,
  extra: Extra,
) => ServerResult | Promise<ServerResult>;

/**
 * Where the router's handlers are registered: the 2025 face (`RouterServer`, SDK v1) and the
 * 2026 face (`createModernMcpServer`, SDK v2) both implement it, so every method is written once.
 */
export interface RouteTable {
  /** Registers `handler` for the method of `schema`. */
  route<S extends AnyObjectSchema & RequestParamsSchema>(schema: S, handler: RouteHandler<S>): void;
}

/** The server a router session belongs to, as the session sees it. */
export interface SessionServer {
  /** Capabilities the client declared (at initialize, or in this request's envelope). */
  getClientCapabilities(): ClientCapabilities | undefined;
  /** The connected transport, for its session id. */
  readonly transport?: { readonly sessionId?: string | undefined } | undefined;
  /** Sends a notification unrelated to any request (backend events). */
  notification(notification: ServerNotification): Promise<void>;
  /** Told about failures that have no request to answer. */
  onerror?: ((error: Error) => void) | undefined;
}

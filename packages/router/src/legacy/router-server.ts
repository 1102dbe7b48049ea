import { Server, type ServerOptions } from "@modelcontextprotocol/sdk/server/index.js";
import type { AnyObjectSchema, SchemaOutput } from "@modelcontextprotocol/sdk/server/zod-compat.js";
import { getMethodLiteral } from "@modelcontextprotocol/sdk/server/zod-json-schema-compat.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type Implementation,
  InitializeRequestSchema,
  PingRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import * as z from "zod/v4";
import { type RequestParamsSchema, screenMessage } from "../shared/message-guard.js";
import type { RouteHandler, RouteTable } from "../shared/route-table.js";
import { traceRequest } from "../telemetry/request-span.js";
import { GuardedTransport } from "./guarded-transport.js";
import type { LegacyTasks } from "./legacy-tasks.js";

/** Told when the server gets connected to a transport and when that connection closes. */
export interface ConnectionListener {
  opened(): void;
  closed(): void;
}

/**
 * The SDK's low-level `Server` plus what the router adds at the connection boundary: every
 * incoming message is screened (see `screenMessage`) before the SDK's `Protocol` dispatches it,
 * and the router's session is told when the connection opens and closes.
 */
export class RouterServer extends Server implements RouteTable {
  readonly #schemas = new Map<string, RequestParamsSchema>([
    ["initialize", InitializeRequestSchema],
    ["ping", PingRequestSchema],
  ]);
  readonly #connection: ConnectionListener;
  readonly #tasks: LegacyTasks | undefined;

  constructor(
    info: Implementation,
    options: ServerOptions,
    connection: ConnectionListener,
    tasks?: LegacyTasks,
  ) {
    super(info, options);
    this.#connection = connection;
    this.#tasks = tasks;
  }

  /**
   * Registers a handler for the method of `schema`. The guard validates params against `schema`
   * (answering `-32602` itself), so the SDK only matches the method and the handler receives the
   * request as the client sent it.
   */
  route<S extends AnyObjectSchema & RequestParamsSchema>(schema: S, handler: RouteHandler<S>): void {
    const method = getMethodLiteral(schema);
    this.#schemas.set(method, schema);
    const run = (request: unknown, extra: Parameters<RouteHandler<S>>[1]) => {
      const { params } = request as { params?: Record<string, unknown> };
      const facts = {
        method,
        params,
        requestId: extra.requestId,
        sessionId: extra.sessionId,
        headers: extra.requestInfo?.headers,
      };
      return traceRequest(facts, async () => handler(request as SchemaOutput<S>, extra));
    };
    const tasks = this.#tasks;
    if (method === "tools/call" && tasks) {
      // A task-augmented call (2025-11-25 experimental tasks) runs in the background.
      this.setRequestHandler(
        methodOnlySchema(method),
        (request, extra) => tasks.call(request as never, extra, run as never) as ReturnType<typeof run>,
      );
      return;
    }
    this.setRequestHandler(methodOnlySchema(method), run);
  }

  override async connect(transport: Transport): Promise<void> {
    const guarded = new GuardedTransport(transport, (message) => screenMessage(message, this.#schemas));
    guarded.onclose = () => this.#connection.closed();
    await super.connect(guarded);
    // A transport that closed while starting has already been reported closed.
    if (this.transport === guarded) this.#connection.opened();
  }
}

const methodOnlySchemas = new Map<string, AnyObjectSchema>();

/** A schema that matches the method and lets everything else through (built once per method). */
function methodOnlySchema(method: string): AnyObjectSchema {
  let schema = methodOnlySchemas.get(method);
  if (!schema) {
    schema = z.looseObject({ method: z.literal(method) });
    methodOnlySchemas.set(method, schema);
  }
  return schema;
}

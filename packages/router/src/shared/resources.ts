import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { McpBackend } from "./backend.js";
import { guardBackendCall, quoted, RESOURCE_NOT_FOUND } from "./errors.js";
import { matchTemplate } from "./lookup.js";
import { paginate } from "./pagination.js";
import type { RouteTable } from "./route-table.js";
import type { RouterSession } from "./session.js";

/**
 * Registers `resources/list`, `resources/templates/list` (paginated), `resources/read`, and —
 * when the session advertises `resources.subscribe` — `resources/subscribe` and
 * `resources/unsubscribe`.
 */
export function registerResources(server: RouteTable, session: RouterSession): void {
  const { backend, pageSize, report, skills } = session.context;
  server.route(ListResourcesRequestSchema, async (request) => {
    // A skill's SKILL.md is listed after the backend's resources (SEP-2640).
    const listed = skills?.declared()
      ? [...backend.listResources(), ...(await skills.listResources())]
      : backend.listResources();
    const page = paginate("resources", listed, request.params?.cursor, pageSize, uriOf);
    return withCursor({ resources: page.items }, page.nextCursor);
  });
  server.route(ListResourceTemplatesRequestSchema, (request) => {
    const templates = backend.listResourceTemplates();
    const page = paginate("resourceTemplates", templates, request.params?.cursor, pageSize, templateOf);
    return withCursor({ resourceTemplates: page.items }, page.nextCursor);
  });
  server.route(ReadResourceRequestSchema, async (request, extra) => {
    const { uri } = request.params;
    const skillFile = skills?.declared() ? await skills.read(uri) : undefined;
    if (skillFile) return skillFile;
    assertKnownResource(backend, uri);
    return guardBackendCall(`reading ${quoted(uri)}`, report, () =>
      backend.readResource(uri, session.backendRequest(extra, request.params._meta)),
    );
  });
  if (session.capabilities.resources?.subscribe) registerSubscriptions(server, session);
}

function registerSubscriptions(server: RouteTable, session: RouterSession): void {
  const { backend, report } = session.context;
  server.route(SubscribeRequestSchema, async (request, extra) => {
    const { uri } = request.params;
    assertKnownResource(backend, uri);
    const max = session.context.maxSubscriptionsPerSession;
    // Subscriptions still being made count too, so concurrent requests cannot pass the bound.
    if (!session.subscriptions.has(uri) && session.subscriptions.size + session.subscribing >= max) {
      throw new McpError(
        ErrorCode.InvalidRequest,
        `Too many subscriptions: this session holds ${max}, the most allowed; unsubscribe from one first`,
      );
    }
    const backendRequest = session.backendRequest(extra, request.params._meta);
    session.subscribing++;
    try {
      await guardBackendCall(`subscribing to ${quoted(uri)}`, report, () =>
        session.registry.subscribe(session, uri, backendRequest),
      );
    } finally {
      session.subscribing--;
    }
    return {};
  });
  server.route(UnsubscribeRequestSchema, async (request, extra) => {
    const { uri } = request.params;
    const backendRequest = session.backendRequest(extra, request.params._meta);
    await guardBackendCall(`unsubscribing from ${quoted(uri)}`, report, () =>
      session.registry.unsubscribe(session, uri, backendRequest),
    );
    return {};
  });
}

/** Throws the spec's resource-not-found error unless `uri` is listed or matches a template. */
export function assertKnownResource(backend: McpBackend, uri: string): void {
  const known =
    backend.listResources().some((resource) => resource.uri === uri) ||
    matchTemplate(backend.listResourceTemplates(), uri) !== undefined;
  if (!known) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${quoted(uri)}`, { uri });
}

function withCursor<T extends object>(
  result: T,
  nextCursor: string | undefined,
): T & { nextCursor?: string } {
  return nextCursor === undefined ? result : { ...result, nextCursor };
}

function uriOf(item: { uri: string }): string {
  return item.uri;
}

function templateOf(item: { uriTemplate: string }): string {
  return item.uriTemplate;
}

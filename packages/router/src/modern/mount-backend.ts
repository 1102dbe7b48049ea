import {
  fromJsonSchema,
  type JsonSchemaType,
  type McpServer,
  ResourceTemplate,
  type ServerContext,
} from "@modelcontextprotocol/server";
import type { BackendRequest, ClientBoundRequest, McpBackend } from "../shared/backend.js";

/** What {@link mountBackend} registered; `unmount` removes it all and stops following changes. */
export interface MountedBackend {
  unmount(): void;
}

/** Options of {@link mountBackend}. */
export interface MountBackendOptions {
  /** Put before each tool and prompt name (`"hello__"`); resources keep their URIs. */
  prefix?: string;
}

/**
 * Registers a backend's tools, resources, resource templates and prompts (a loaded component's
 * `backend`) on an existing SDK v2 `McpServer`, beside whatever it serves already: arguments are
 * validated against each tool's JSON Schema by the SDK, each call goes to the backend with the
 * request's signal, progress and server→client requests. A backend list change re-registers that
 * list (the server then tells its clients).
 *
 * @example
 * ```ts
 * const server = new McpServer({ name: "app", version: "1.0.0" });
 * mountBackend(server, (await loadComponent("hello.wasm")).backend, { prefix: "hello__" });
 * ```
 */
export function mountBackend(
  server: McpServer,
  backend: McpBackend,
  options: MountBackendOptions = {},
): MountedBackend {
  const prefix = options.prefix ?? "";
  let registered: { remove(): void }[] = [];
  const register = () => {
    for (const entry of registered) entry.remove();
    registered = [
      ...backend.listTools().map((tool) =>
        server.registerTool(
          `${prefix}${tool.name}`,
          {
            ...(tool.title === undefined ? {} : { title: tool.title }),
            ...(tool.description === undefined ? {} : { description: tool.description }),
            ...(tool.annotations === undefined ? {} : { annotations: tool.annotations }),
            inputSchema: fromJsonSchema<Record<string, unknown>>(tool.inputSchema as JsonSchemaType),
          },
          (args, ctx) => backend.callTool(tool.name, args, backendRequest(ctx)),
        ),
      ),
      ...backend.listResources().map((resource) =>
        server.registerResource(
          resource.name,
          resource.uri,
          {
            ...(resource.description === undefined ? {} : { description: resource.description }),
            ...(resource.mimeType === undefined ? {} : { mimeType: resource.mimeType }),
          },
          (uri, ctx) => backend.readResource(uri.href, backendRequest(ctx)),
        ),
      ),
      ...backend.listResourceTemplates().map((template) =>
        server.registerResource(
          template.name,
          new ResourceTemplate(template.uriTemplate, { list: undefined }),
          {
            ...(template.description === undefined ? {} : { description: template.description }),
            ...(template.mimeType === undefined ? {} : { mimeType: template.mimeType }),
          },
          (uri, _variables, ctx) => backend.readResource(uri.href, backendRequest(ctx)),
        ),
      ),
      ...backend.listPrompts().map((prompt) =>
        server.registerPrompt(
          `${prefix}${prompt.name}`,
          {
            ...(prompt.description === undefined ? {} : { description: prompt.description }),
            argsSchema: fromJsonSchema<Record<string, string>>({
              type: "object",
              properties: Object.fromEntries(
                (prompt.arguments ?? []).map((a) => [a.name, { type: "string" }]),
              ),
              required: (prompt.arguments ?? []).filter((a) => a.required).map((a) => a.name),
            } as JsonSchemaType),
          },
          (args, ctx) => backend.getPrompt(prompt.name, args, backendRequest(ctx)),
        ),
      ),
    ];
  };
  register();
  const stop = backend.onEvent?.((event) => {
    if (event.type.endsWith("-list-changed")) register();
  });
  return {
    unmount() {
      stop?.();
      for (const entry of registered) entry.remove();
      registered = [];
    },
  };
}

/** The backend's view of an SDK v2 request. */
function backendRequest(ctx: ServerContext): BackendRequest {
  const request = ctx.mcpReq;
  return {
    requestId: request.id,
    meta: request._meta as Record<string, unknown> | undefined,
    signal: request.signal,
    notify: (notification) => request.notify(notification as never),
    requestClient: (message: ClientBoundRequest) =>
      request.send(message as never) as unknown as Promise<Record<string, unknown>>,
  };
}

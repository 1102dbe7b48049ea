import {
  type McpBackend,
  type MountBackendOptions,
  type MountedBackend,
  mountBackend,
} from "@wasi-mcp/router";

/** An SDK v2 `McpServer` (`@modelcontextprotocol/server`), as `mountBackend` takes it. */
export type McpServerLike = Parameters<typeof mountBackend>[0];

/**
 * Mounts a loaded component's tools, resources, resource templates and prompts on an existing SDK
 * v2 `McpServer`, beside what that server registers itself; `prefix` goes before tool and prompt
 * names. The component's list changes are followed; `unmount()` removes it all.
 *
 * @example
 * ```ts
 * const server = new McpServer({ name: "my-app", version: "1.0.0" });
 * mountComponent(server, await loadComponent("hello.wasm"), { prefix: "hello__" });
 * ```
 */
export function mountComponent(
  server: McpServerLike,
  component: { readonly backend: McpBackend },
  options: MountBackendOptions = {},
): MountedBackend {
  return mountBackend(server, component.backend, options);
}

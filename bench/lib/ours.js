// Our side: a component loaded by the host and routed by the router, one SDK Server per session.
import { loadComponent } from "@wasi-mcp/host";
import { createMcpServer } from "@wasi-mcp/router";

/**
 * Loads `wasm` and returns the component and a per-session server factory. Logs and health
 * events of the component are dropped: they would be timed otherwise.
 */
export async function loadOurs(wasm, options = {}) {
  const component = await loadComponent(wasm, { onLog: () => {}, onHealth: () => {}, ...options });
  return { component, createServer: () => createMcpServer(component.backend) };
}

import type { LoadedComponent } from "@wasi-mcp/host";
import { PROTOCOL_REVISIONS } from "@wasi-mcp/router";

/** One stderr line describing a loaded component: what it serves and how long loading took. */
export function describeComponent(component: LoadedComponent): string {
  const b = component.backend;
  const counts = [
    plural(b.listTools().length, "tool"),
    plural(b.listResources().length, "resource"),
    plural(b.listResourceTemplates().length, "resource template"),
    plural(b.listPrompts().length, "prompt"),
  ].join(", ");
  const t = component.timings;
  const source = component.cached ? "cached" : `transpiled in ${ms(t.transpile)}`;
  return `${component.name}: ${counts}; loaded in ${ms(t.total)} (${source}, compile ${ms(t.compile)}, start ${ms(t.start)})`;
}

/** The MCP revisions every transport of the compositor serves, oldest first (the router's). */
export { PROTOCOL_REVISIONS };

/**
 * The stderr line naming the MCP revisions the compositor speaks and how each client gets its own:
 * over HTTP per POST, over stdio and WebSocket by the connection's first message.
 *
 * @example
 * ```ts
 * revisionsLine("http");
 * // "speaks MCP 2025-11-25 (initialize, sessions) and 2026-07-28 (stateless, per-request _meta), chosen per request"
 * ```
 */
export function revisionsLine(transport: "stdio" | "http" | "ws"): string {
  const [legacy, modern] = PROTOCOL_REVISIONS;
  const choice = transport === "http" ? "chosen per request" : "chosen by the connection's first message";
  return `speaks MCP ${legacy} (initialize, sessions) and ${modern} (stateless, per-request _meta), ${choice}`;
}

/** How to connect to an HTTP endpoint: the URL, an inspector command, a client configuration. */
export function connectionHelp(url: string, configFile: string | undefined): string {
  const stdioArgs = configFile
    ? `["serve", "--config", ${JSON.stringify(configFile)}, "--transport", "stdio"]`
    : `["serve", "<component.wasm>"]`;
  return [
    "connect an MCP client:",
    `  Streamable HTTP  ${url}`,
    `  inspector        npx @modelcontextprotocol/inspector --cli ${url} --transport http --method tools/list   (Node >= 22.19)`,
    "  stdio client config (runs its own compositor):",
    `    { "mcpServers": { "wasm": { "command": "node", "args": [${JSON.stringify(process.argv[1] ?? "mcp-compositor")}, ${stdioArgs.slice(1, -1)}] } } }`,
  ].join("\n");
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`;
}
